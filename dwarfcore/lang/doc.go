// Package lang is dwarfscope's front end for a small subset of Zig: it
// lexes and parses one source file (lexer.go, parser.go, ast.go),
// resolves names in nested namespaces with forward references
// (check.go), evaluates and type-checks compile-time values with
// comptime_int semantics (eval.go, ops.go, coerce.go), checks function
// bodies into a typed IR (body.go), and lays out every type (types.go,
// the one place layout rules live). Encode (encode.go, float.go) turns
// compile-time values into the target's bytes. A Session (session.go,
// recheck.go) compiles successive versions of a file, redoing only what an
// edit reaches; it moves and reads parsed declarations with the walk in
// astwalk.go.
//
// Compile returns a *Program or an ErrorList with every diagnostic it
// found; no input makes it panic.
package lang
