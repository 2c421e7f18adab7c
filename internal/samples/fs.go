//go:build !(js && wasm)

package samples

import "embed"

// FS holds the samples' files at its root: programs, lldb scripts and
// expected values (left out of the explorer's WebAssembly build, which
// needs only Source).
//
//go:embed *.zig *.lldb *.expected
var FS embed.FS
