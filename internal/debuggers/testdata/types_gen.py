# Writes types.zig, types.lldb and types.expected (internal/debuggers):
# every type form of the language as a global, a parameter and a local,
# with aggregates of each. Run from this directory:
#   for m in zig lldb exp; do python3 types_gen.py $m types > types.$m; done
# (then rename types.exp to types.expected).
# rows: (id, type, zig value, expected) ; expected is a str leaf or list of (name, type, expected)
rows = [
 ("u0", "u0", "0", "0"),
 ("i0", "i0", "0", "0"),
 ("u7", "u7", "100", "100"),
 ("i5", "i5", "-9", "-9"),
 ("u65", "u65", "36893488147419103231", "36893488147419103231"),
 ("i100", "i100", "-633825300114114700748351602688", "-633825300114114700748351602688"),
 ("usize", "usize", "18446744073709551615", "18446744073709551615"),
 ("isize", "isize", "-5", "-5"),
 ("bool", "bool", "true", "true"),
 ("void", "void", "{}", "{}"),
 ("f16", "f16", "1.5", "1.5"),
 ("f32", "f32", "-2.25", "-2.25"),
 ("f64", "f64", "3.125", "3.125"),
 ("f80", "f80", "0.5", "0.5"),
 ("f128", "f128", "-1.75", "-1.75"),
 ("anyerror", "anyerror", "error.Worse", "Worse"),
 ("errset", "E", "error.Bad", "Bad"),
 ("enum", "Color", ".green", "green"),
 ("array", "[3]u16", ".{ 1, 2, 3 }", [("[0]", "u16", "1"), ("[1]", "u16", "2"), ("[2]", "u16", "3")]),
 ("opt", "?u32", "77", [(".?", "u32", "77")]),
 ("optnull", "?u32", "null", "null"),
 ("opterr", "?E", "error.Worse", "Worse"),
 ("opterrnull", "?E", "null", "null"),
 ("optptrnull", "?*u32", "null", "null"),
 ("eu", "E!u32", "9", [("value", "u32", "9")]),
 ("euerr", "E!u32", "error.Worse", [("error", "E", "Worse")]),
 ("auto", "Auto", ".{ .a = 1, .b = 2 }", [("a", "u8", "1"), ("b", "u32", "2")]),
 ("ext", "Ext", ".{ .a = 3, .b = 4 }", [("a", "u8", "3"), ("b", "u32", "4")]),
 ("packed", "Flags", ".{ .ready = true, .mode = 5, .level = -3, .count = 200 }", [("ready", "bool", "true"), ("mode", "u3", "5"), ("level", "i4", "-3"), ("count", "u8", "200")]),
 ("tuple", "Pair", ".{ 7, true }", [("0", "u64", "7"), ("1", "bool", "true")]),
 ("bare", "Bits", ".{ .int = 0x12345678 }", [("int", "u32", "305419896"), ("half", "u16", "22136")]),
 ("tagged", "Shape", ".{ .square = 300 }", [("tag", "tag", "square"), ("square", "u16", "300")]),
 ("taggedvoid", "Shape", ".{ .none = {} }", [("tag", "tag", "none"), ("none", "void", "{}")]),
 ("nested", "Outer", ".{ .inner = .{ .a = 5, .b = 6 }, .opt = 8, .eu = error.Bad, .shape = .{ .circle = 11 }, .list = .{ 1.5, -0.25 } }",
   [("inner", "Auto", [("a", "u8", "5"), ("b", "u32", "6")]), ("opt", "?u32", [(".?", "u32", "8")]), ("eu", "E!u32", [("error", "E", "Bad")]),
    ("shape", "Shape", [("tag", "tag", "circle"), ("circle", "u32", "11")]), ("list", "[2]f32", [("[0]", "f32", "1.5"), ("[1]", "f32", "-0.25")])]),
 ("arrstruct", "[2]Auto", ".{ .{ .a = 1, .b = 2 }, .{ .a = 3, .b = 4 } }", [("[0]", "Auto", [("a", "u8", "1"), ("b", "u32", "2")]), ("[1]", "Auto", [("a", "u8", "3"), ("b", "u32", "4")])]),
 ("arropt", "[2]?u16", ".{ null, 5 }", [("[0]", "?u16", "null"), ("[1]", "?u16", [(".?", "u16", "5")])]),
 ("arreu", "[2]E!u8", ".{ 6, error.Worse }", [("[0]", "E!u8", [("value", "u8", "6")]), ("[1]", "E!u8", [("error", "E", "Worse")])]),
 ("alias", "Alias", "41", "41"),
 ("ptr", "*u32", "&g_target", "*", "1234"),
 ("constptr", "*const u32", "&g_target", "*", "1234"),
 ("many", "[*]u16", "&g_target_arr", "[1]", "20"),
 ("slice", "[]u16", "&g_target_arr", [("[0]", "u16", "10"), ("[1]", "u16", "20"), ("[2]", "u16", "30")]),
 ("constslice", "[]const u16", "&g_target_arr", [("[0]", "u16", "10"), ("[1]", "u16", "20"), ("[2]", "u16", "30")]),
 ("arrtagged", "[2]Shape", ".{ .{ .circle = 1 }, .{ .square = 2 } }", [("[0]", "Shape", [("tag", "tag", "circle"), ("circle", "u32", "1")]), ("[1]", "Shape", [("tag", "tag", "square"), ("square", "u16", "2")])]),
]
header = """const E = error{ Bad, Worse };
const Color = enum(u8) { red, green = 5, blue };
const Auto = struct { a: u8, b: u32 };
const Ext = extern struct { a: u8, b: u32 };
const Flags = packed struct { ready: bool, mode: u3, level: i4, count: u8 };
const Pair = struct { u64, bool };
const Bits = union { int: u32, half: u16 };
const Shape = union(enum) { circle: u32, square: u16, none: void };
const Alias = u32;
var g_target: u32 = 1234;
var g_target_arr: [3]u16 = .{ 10, 20, 30 };
const Outer = struct { inner: Auto, opt: ?u32, eu: E!u32, shape: Shape, list: [2]f32 };
"""
import sys
def shown(pre, r):
    i = r[0]
    if len(r) == 5:
        op = r[3]
        return ("*" + pre + i) if op == "*" else (pre + i + op)
    return pre + i
def rtype(r):
    if len(r) == 5:
        return r[1].split("]")[-1].replace("*", "").replace("const ", "")
    return r[1]
mode = sys.argv[1]
sel = rows
def exp_lines(prefix, name, typ, e, ind):
    out=[]
    typ = {"?E": "?error{Bad,Worse}"}.get(typ, typ)
    full = name if prefix=="" else prefix
    if isinstance(e, str):
        out.append("  "*ind + f"({typ}) {name} = {e}")
    else:
        out.append("  "*ind + f"({typ}) {name} = {{")
        for (n, t, v) in e:
            if n.startswith("[") or n.startswith("."):
                sub = full + n
            else:
                sub = full + "." + n
            shown = n if n.startswith("[") else (sub if n == ".?" else n)
            out += exp_lines(sub, shown, t, v, ind+1)
        out.append("  "*ind + "}")
    return out
def fix_names(lines):
    # lldb prints child names relative; ParseLLDB accepts full paths that start with parent + "."
    return lines
name = sys.argv[2]
src = header
for r in sel:
    src += f"var g_{r[0]}: {r[1]} = {r[2]};\n"
params = ", ".join(f"p_{r[0]}: {r[1]}" for r in sel)
src += f"fn take({params}) void {{\n"
for r in sel:
    src += f"    var l_{r[0]}: {r[1]} = p_{r[0]};\n"
src += "    _ = .{ " + ", ".join(f"&l_{r[0]}" for r in sel) + " };\n}\n"
src += "pub fn main() void {\n    take(" + ", ".join(f"g_{r[0]}" for r in sel) + ");\n}\n"
pattern = "_ = .{ &l_"
if mode == "zig":
    print(src, end="")
elif mode == "lldb":
    print(f"breakpoint set --file {name}.zig --source-pattern-regexp '_ = \\.\\{{ &l_u0'")
    print("process launch")
    print("target variable --show-types " + " ".join(shown("g_", r) for r in sel))
    print("frame variable --show-types " + " ".join(shown("p_", r) for r in sel))
    print("frame variable --show-types " + " ".join(shown("l_", r) for r in sel))
    print("breakpoint delete --force")
else:
    for pre, verb in (("g_", "target variable --show-types "), ("p_", "frame variable --show-types "), ("l_", "frame variable --show-types ")):
        print("(lldb) " + verb + " ".join(shown(pre, r) for r in sel))
        for r in sel:
            print("\n".join(exp_lines("", shown(pre, r), rtype(r), r[-1], 0)))
