package verify

import (
	"context"
	"debug/elf"
	"fmt"
	"os"
	"path/filepath"
)

// linker is the GNU ld that links objects of one machine.
type linker struct {
	tool string   // key of Packages
	args []string // emulation
}

// linkers maps an ELF machine (and class) to its linker. ld from binutils
// knows the x86 emulations; the others need the cross binutils.
func linkerFor(m elf.Machine, c elf.Class) (linker, bool) {
	switch {
	case m == elf.EM_X86_64 && c == elf.ELFCLASS64:
		return linker{"ld", []string{"-m", "elf_x86_64"}}, true
	case m == elf.EM_386:
		return linker{"ld", []string{"-m", "elf_i386"}}, true
	case m == elf.EM_AARCH64:
		return linker{"aarch64-linux-gnu-ld", nil}, true
	case m == elf.EM_RISCV && c == elf.ELFCLASS64:
		return linker{"riscv64-linux-gnu-ld", nil}, true
	case m == elf.EM_S390 && c == elf.ELFCLASS64:
		return linker{"s390x-linux-gnu-ld", nil}, true
	}
	return linker{}, false
}

// LinkerTools lists the linkers Relink may need, one per supported machine.
var LinkerTools = []string{"ld", "aarch64-linux-gnu-ld", "riscv64-linux-gnu-ld", "s390x-linux-gnu-ld"}

// Relink links each relocatable object alone with GNU ld -r (the linker
// for the object's machine) and runs llvm-dwarfdump --verify on the
// result. Anything ld prints or a failed link is an error; findings of
// the verifier name the original file. Files that are not relocatable
// objects are skipped.
func Relink(ctx context.Context, files []string) []Finding {
	dir, err := os.MkdirTemp("", "dwarfscope-relink-")
	if err != nil {
		return []Finding{{Check: "ld-r", Severity: Error, Msg: err.Error()}}
	}
	defer os.RemoveAll(dir)
	var fs []Finding
	var linked []string
	names := map[string]string{}
	for i, f := range files {
		if ctx.Err() != nil {
			break
		}
		ef, err := elf.Open(f)
		if err != nil {
			fs = append(fs, Finding{Check: "ld-r", File: f, Severity: Error, Msg: "debug/elf: " + err.Error()})
			continue
		}
		typ, mach, class := ef.Type, ef.Machine, ef.Class
		ef.Close()
		if typ != elf.ET_REL {
			continue
		}
		ld, ok := linkerFor(mach, class)
		if !ok {
			fs = append(fs, Finding{Check: "ld-r", File: f, Severity: Error,
				Msg: fmt.Sprintf("no linker known for %v %v", mach, class)})
			continue
		}
		prog := Path(ld.tool)
		if prog == "" {
			fs = append(fs, Finding{Check: "ld-r", File: f, Severity: Error,
				Msg: fmt.Sprintf("%s is not installed (apt-get install %s)", ld.tool, Packages[ld.tool])})
			continue
		}
		outFile := filepath.Join(dir, fmt.Sprintf("%d.o", i))
		args := append(append([]string{}, ld.args...), "-r", "-o", outFile, f)
		out := run(ctx, prog, args...)
		if out.exit != 0 || out.err != nil || len(out.lines) > 1 || out.lines[0] != "" {
			msg := fmt.Sprintf("%s -r failed (exit status %d)", ld.tool, out.exit)
			if out.exit == 0 && out.err == nil {
				msg = ld.tool + " -r printed diagnostics"
			}
			fs = append(fs, Finding{Check: "ld-r", File: f, Severity: Error, Msg: msg, Lines: tail(out.lines, 20)})
			if out.exit != 0 || out.err != nil {
				continue
			}
		}
		linked = append(linked, outFile)
		names[outFile] = f
	}
	return append(fs, runBatched(ctx, dwarfdumpTool("ld-r"), linked, names)...)
}
