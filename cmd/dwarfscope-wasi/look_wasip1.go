//go:build wasip1

package main

// hostLook asks the host whether the build may go on: 0 yes, anything
// else no. internal/sandbox provides it as dwarfscope.look and runs the
// server's Config.Builder context's Err there, so a build in the
// sandbox moves between the server's pools, yields the processor and
// stops at its deadline like a build in process.
//
//go:wasmimport dwarfscope look
func hostLook() uint32
