package lang

import (
	"fmt"
	"testing"
)

func TestFeatures(t *testing.T) {
	p := compileFile(t, "features.zig")
	var order []string
	for _, d := range p.Decls {
		order = append(order, fmt.Sprintf("%s:%d:%d:%d", d.FQN, d.Kind, d.Line, d.Col))
	}
	want := "[features.Outer:3:3:5 features.Outer.Inner:3:4:9 features.Outer.Inner.deep:1:6:13 " +
		"features.Outer.Inner.Deeper:3:7:9 features.Outer.Inner.Deeper.val:1:8:13 features.Outer.method:2:12:5 " +
		"features.Later:3:16:1 features.Node:3:17:1 features.head:0:18:1 features.second:0:19:1 features.Alias:4:20:1 " +
		"features.OuterAlias:4:21:1 features.five:1:22:1 features.neg:1:23:1 features.big:1:24:1 features.exported:0:25:8 " +
		"features.U:3:26:1 features.u:0:27:1 features.Err:4:28:1 features.eu:0:29:1 features.fp:0:30:1 features.O:3:31:1 " +
		"features.arr:0:32:1 features.msg:1:33:1 features.total:0:34:1 features.add:2:35:1 features.main:2:44:5]"
	if fmt.Sprint(order) != want {
		t.Errorf("decls\n got %v\nwant %s", order, want)
	}
	inner := declNamed(p, "features.Outer.Inner")
	if inner.Parent.Name != "features.Outer" || len(inner.Value.Scope) != 2 || inner.Value.Fields[0].Default.Int.Int64() != 5 {
		t.Errorf("Inner %+v", inner.Value)
	}
	if d := declNamed(p, "features.Outer.Inner.deep"); d.Init.Int.Int64() != 42 || d.Type.Name != "u16" {
		t.Errorf("deep = %v", d.Init.Int)
	}
	if d := declNamed(p, "features.Alias"); d.Value != p.Types.Int(false, 32) {
		t.Errorf("Alias %v", d.Value)
	}
	if d := declNamed(p, "features.OuterAlias"); d.Value != declNamed(p, "features.Outer").Value {
		t.Errorf("OuterAlias %v", d.Value)
	}
	// `const x = N;` is emitted with the narrowest integer type.
	for name, typ := range map[string]string{"five": "u3", "neg": "i4", "big": "u101"} {
		if d := declNamed(p, "features."+name); d.Type.Name != typ {
			t.Errorf("%s: type %s, want %s", name, d.Type.Name, typ)
		}
	}
	if d := declNamed(p, "features.exported"); !d.Export || d.Symbol() != "exported" || d.Init.Int.Int64() != 10 {
		t.Errorf("exported %+v", d)
	}
	if d := declNamed(p, "features.total"); d.Init.Int.Int64() != 1024 {
		t.Errorf("total %v", d.Init.Int)
	}
	node := declNamed(p, "features.Node").Value
	if node.Size != 16 || node.Fields[0].Type.Name != "?*features.Node" {
		t.Errorf("Node %d %s", node.Size, node.Fields[0].Type.Name)
	}
	if d := declNamed(p, "features.second"); d.Init.Elems[0].Kind != ValSome || d.Init.Elems[0].Elems[0].Target != declNamed(p, "features.head") {
		t.Errorf("second.next %+v", d.Init.Elems[0])
	}
	if d := declNamed(p, "features.arr"); d.Type.Name != "[3]u8" {
		t.Errorf("arr %s", d.Type.Name)
	}
	if d := declNamed(p, "features.fp"); d.Type.Name != "?*const fn (u32) callconv(.C) u32" || d.Type.Size != 8 {
		t.Errorf("fp %s", d.Type.Name)
	}
	if d := declNamed(p, "features.eu"); d.Init.Kind != ValErrorCode || p.Errors[d.Init.Int.Int64()-1] != "Worse" {
		t.Errorf("eu %+v errors %v", d.Init, p.Errors)
	}
	if d := declNamed(p, "features.u"); d.Init.Field != 2 || d.Type.Fields[2].Type.Name != "struct { u8, u8 }" && !d.Type.Fields[2].Type.Tuple {
		t.Errorf("u %+v", d.Init)
	}
	add := declNamed(p, "features.add").Func
	if len(add.Locals) != 4 || add.Locals[3].Name != "k" || !add.Locals[3].Comptime || add.Locals[3].Type.Name != "u3" {
		t.Errorf("add locals %+v", add.Locals)
	}
	as := add.Body.Stmts[2].(*Block).Stmts[1].(*AssignStmt)
	if bin := as.Value.(*Binary); bin.Op != OpAdd || bin.Y.(*Const).Value.Type.Name != "u32" {
		t.Errorf("r += k: %+v", as.Value)
	}
}

// TestConfigLimits checks that hostile sizes are bounded.
func TestConfigLimits(t *testing.T) {
	src := []byte("const a: u8 = 1;\nconst b: u8 = 2;\nconst c: u8 = 3;\n")
	if _, err := CompileConfig("x.zig", src, Config{MaxDecls: 2}); err == nil {
		t.Error("MaxDecls not enforced")
	}
	deep := "const x: u8 = " + repeat("(", 600) + "1" + repeat(")", 600) + ";"
	if _, err := Compile("x.zig", []byte(deep), nil); err == nil {
		t.Error("MaxDepth not enforced")
	}
	if _, err := CompileConfig("x.zig", []byte("var x: [1000]u64 = undefined;"), Config{MaxTypeSize: 4096}); err == nil {
		t.Error("MaxTypeSize not enforced")
	}
	if _, err := Compile("x.zig", []byte("const x: u65535 = (1 << 65535) - 1;\nconst y: u65535 = x *% x;"), nil); err != nil {
		t.Error(err)
	}
}

func repeat(s string, n int) string {
	b := make([]byte, 0, len(s)*n)
	for i := 0; i < n; i++ {
		b = append(b, s...)
	}
	return string(b)
}
