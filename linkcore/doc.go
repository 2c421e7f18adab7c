// Package linkcore is dwarfscope's build pipeline: it runs one source file
// through the front end (dwarfcore/lang), a code generator, the DWARF
// emitter (dwarfcore) and a container writer, and returns every stage's
// output for the page, the server and the command line (Build, Result),
// or keeps them alive between edits (Incremental, MachOIncremental,
// WasmIncremental). It is the only package that imports all four; the
// stages know nothing of each other:
//
//	linkcore/codegen   what code generators share, the minimal generators
//	linkcore/amd64     the x86-64 code generator (executables)
//	linkcore/wasm32    the WebAssembly code generator
//	linkcore/elfobj    the object model and the ELF writer: relocatable
//	                   objects, the static linker, the file-space
//	                   allocator and the incremental image
//	linkcore/macho     the Mach-O writer (objects and dSYM companions)
//	linkcore/wasmobj   the WebAssembly object writer
//
// Glossary:
//
//   - object: the container-neutral contents of one relocatable file
//     (elfobj.Object): sections, symbols and relocations, built by
//     NewObject from the program, its code and the emitter's output.
//   - fixup (codegen.Fixup): a field of generated code that
//     holds a symbol's address, offset or index; NewObject turns it into
//     an object relocation (elfobj.Reloc), which each writer encodes in
//     its container's kinds (R_X86_64_PC32, X86_64_RELOC_BRANCH,
//     R_WASM_FUNCTION_INDEX_LEB, ...).
//   - debug relocation record (dwarfcore.Reloc): one of the emitter's four
//     kinds — cross-entry, cross-unit, cross-section (all section offsets,
//     relocated against the target section's symbol) and external (a
//     symbol's address or thread-local offset).
//   - slot: the file space a section (or the section header table) holds
//     in an image: its size plus slack (elfobj.PadToIdeal, size + size/3,
//     the seed's padToIdeal), so that it can grow in place.
//   - move: a section that outgrew its slot and went to the first free
//     space that fits (elfobj.SectionMove); its old slot becomes free.
//   - quick path: an update that changes only bytes in place, written
//     straight into the image without rebuilding the object (quick.go).
//   - location: where a parameter or local lives, which a code generator
//     hands the emitter as a dwarfcore.Location (a register, a register
//     plus offset, a WebAssembly local) with the target's DWARF register
//     numbers (target.Reg); only dwarfcore encodes it as DWARF.
//
// The seed is Zig's incremental DWARF emitter and linker (Aug 2024); its
// names map to ours as: ZigObject → the pipeline's object
// (NewObject), Elf.growSection/allocatedSize → elfobj.Image's slots,
// findFreeSpace → elfobj's fileSpace.findFreeSpace, padToIdeal →
// elfobj.PadToIdeal.
package linkcore
