package dwarfcore

import "testing"

func TestRelocTarget(t *testing.T) {
	tests := []struct {
		r    Reloc
		want string
	}{
		{Reloc{Kind: CrossEntry, TargetSection: DebugInfo, TargetOffset: 0x2d}, ".debug_info+0x2d"},
		{Reloc{Kind: CrossUnit, TargetSection: DebugInfo, TargetOffset: 0}, ".debug_info+0x0"},
		{Reloc{Kind: CrossSection, TargetSection: DebugStr, TargetOffset: 0x10}, ".debug_str+0x10"},
		{Reloc{Kind: External, Symbol: "t.f", Addend: 16}, "t.f+16"},
		{Reloc{Kind: External, Symbol: "t.x", Addend: -4}, "t.x-4"},
		{Reloc{Kind: External, Symbol: "t.tls", TLS: true}, "t.tls+0 (DTPOFF)"},
	}
	for _, tt := range tests {
		if got := tt.r.Target(); got != tt.want {
			t.Errorf("%+v: Target() = %q, want %q", tt.r, got, tt.want)
		}
	}
}
