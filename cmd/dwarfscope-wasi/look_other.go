//go:build !wasip1

package main

// hostLook lets a native build (go run ./cmd/dwarfscope-wasi) go on.
func hostLook() uint32 { return 0 }
