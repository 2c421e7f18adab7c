package elfobj

import "testing"

func TestFileSpace(t *testing.T) {
	var fs fileSpace
	if off := fs.appendSlot(64, 1); off != 0 {
		t.Fatalf("header at %d", off)
	}
	a := fs.appendSlot(10, 16) // [64, 74)
	b := fs.appendSlot(PadToIdeal(30), 8)
	if a != 64 || b != 80 || PadToIdeal(30) != 40 {
		t.Fatalf("slots at %d, %d (ideal 30 = %d)", a, b, PadToIdeal(30))
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

// TestEmptySlotFreesNothing: an empty section's slot may share its offset
// with another slot (allocate(0) finds offset 0, where the ELF header
// is); freeing it must not free the other. A 100,000-edit run caught the
// header being overwritten this way.
func TestEmptySlotFreesNothing(t *testing.T) {
	var fs fileSpace
	hdr := fs.appendSlot(64, 1)
	empty := fs.allocate(0, 1)
	if hdr != 0 || empty != 0 {
		t.Fatalf("header at %d, empty slot at %d; want both at 0", hdr, empty)
	}
	fs.free(empty, 0)
	if off := fs.allocate(1, 1); off < 64 {
		t.Errorf("a 1-byte slot went to %d, inside the header's 64 bytes", off)
	}
}
