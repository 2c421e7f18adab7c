package align

import "testing"

func TestForward(t *testing.T) {
	tests := []struct{ n, a, want uint64 }{
		{0, 0, 0},
		{5, 1, 5},
		{0, 8, 0},
		{1, 8, 8},
		{8, 8, 8},
		{9, 8, 16},
		{13, 4, 16},
		{12, 16, 16}, // the .debug_aranges header on a 64-bit target
		{MaxSize, 8, MaxSize - MaxSize%8},
		{MaxSize - 2, 16, MaxSize - MaxSize%16},
		{1 << 63, 8, MaxSize - MaxSize%8},
	}
	for _, tt := range tests {
		if got := Forward(tt.n, tt.a); got != tt.want {
			t.Errorf("Forward(%d, %d) = %d, want %d", tt.n, tt.a, got, tt.want)
		}
	}
}
