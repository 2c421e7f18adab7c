//go:build !(js && wasm)

package model

import "testing"

func TestEncodedStateRoundTrip(t *testing.T) {
	s := State{Name: "x.zig", Source: "const a: u32 = 1;\n// é\n", Opts: Options{Format: "64", Target: "aarch64", Lines: "incremental", Profile: "portable", Container: "macho"}}
	got, err := DecodeState(EncodeState(s))
	if err != nil || got != s {
		t.Fatalf("got %+v, %v", got, err)
	}
	if _, err := DecodeState("!!"); err == nil {
		t.Error("bad state decoded")
	}
}
