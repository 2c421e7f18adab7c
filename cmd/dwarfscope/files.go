package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// readSource reads at most max bytes of the source file at path: a longer
// file (or an endless one such as /dev/zero) is an error naming the limit
// and the flag that raises it.
func readSource(path string, max int64) ([]byte, error) {
	return readLimited(path, max, "-max-source")
}

// readLimited reads at most max bytes of the file at path; a longer one is
// an error naming the limit and flag, the option that raises it.
func readLimited(path string, max int64, flag string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > max {
		return nil, fmt.Errorf("%s: larger than the limit of %d bytes (raise it with %s)", path, max, flag)
	}
	return src, nil
}

// defaultOutput is the output file name when -o is not given: the
// source's base name, in the current directory, with a .zig suffix (in
// any case) replaced by ext (".o", or "" for an executable).
func defaultOutput(src, ext string) string {
	base := filepath.Base(src)
	if len(base) > len(".zig") && strings.EqualFold(base[len(base)-len(".zig"):], ".zig") {
		base = base[:len(base)-len(".zig")]
	}
	return base + ext
}

// checkOutput refuses an output path that names one of the inputs, by
// path or by file (the same inode through another name or link), so that
// no command ever writes over its own source.
func checkOutput(dst string, inputs []string) error {
	out, err := os.Stat(dst)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, in := range inputs {
		if st, err := os.Stat(in); err == nil && os.SameFile(st, out) {
			return fmt.Errorf("refusing to write %s: it is the input %s (choose another name with -o)", dst, in)
		}
	}
	return nil
}

// writeOutput writes data to dst through a temporary file in the same
// directory renamed over dst, so a failed write leaves no half file. A
// dst that exists and is not a regular file (a device such as /dev/null,
// a symbolic link) is written in place.
func writeOutput(dst string, data []byte, mode os.FileMode) error {
	if st, err := os.Lstat(dst); err == nil && !st.Mode().IsRegular() {
		return os.WriteFile(dst, data, mode)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), mode)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// defaultMaxInput bounds the ELF files inspect and verify read.
const defaultMaxInput = 256 << 20

// readELFArg parses a command's flags, which must leave exactly one
// argument, and reads and decodes that ELF file. It returns the command's
// exit code when the command cannot go on (0 after -h, 2 on bad usage or
// an unreadable file, 1 when the file is no readable ELF file).
func readELFArg(fs *flag.FlagSet, args []string, stderr io.Writer) (string, *dwarfread.Data, int, bool) {
	maxInput := fs.Int64("max-input", defaultMaxInput, "read at most this many bytes of FILE")
	if code, ok := parseArgs(fs, args, 1); !ok {
		return "", nil, code, false
	}
	path := fs.Arg(0)
	data, err := readLimited(path, *maxInput, "-max-input")
	if err != nil {
		fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
		return "", nil, 2, false
	}
	d, err := dwarfread.Read(data)
	if err != nil {
		fmt.Fprintf(stderr, "%s: error: %v\n", path, err)
		return "", nil, 1, false
	}
	return path, d, 0, true
}
