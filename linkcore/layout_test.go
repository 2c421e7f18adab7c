package linkcore

import "testing"

func TestFileSpace(t *testing.T) {
	var fs fileSpace
	if off := fs.appendSlot(64, 1); off != 0 {
		t.Fatalf("header at %d", off)
	}
	a := fs.appendSlot(10, 16) // [64, 74)
	b := fs.appendSlot(padToIdeal(30), 8)
	if a != 64 || b != 80 || padToIdeal(30) != 40 {
		t.Fatalf("slots at %d, %d (ideal 30 = %d)", a, b, padToIdeal(30))
	}
	tests := []struct{ size, align, want uint64 }{
		{6, 1, 74},   // fits the gap between a and b
		{7, 1, 120},  // does not: after b
		{4, 4, 76},   // aligned into the gap
		{0, 16, 0},   // an empty range collides with nothing
		{64, 1, 120}, // past the end
	}
	for _, tt := range tests {
		if got := fs.findFreeSpace(tt.size, tt.align); got != tt.want {
			t.Errorf("findFreeSpace(%d, %d) = %d, want %d", tt.size, tt.align, got, tt.want)
		}
	}
	if off := fs.allocate(6, 1); off != 74 || fs.findFreeSpace(1, 1) != 120 {
		t.Errorf("allocate(6) = %d, then free space at %d", off, fs.findFreeSpace(1, 1))
	}
}
