package dwarfread

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
)

// LineFile is one entry of a line table's file_names.
type LineFile struct {
	Name     string `json:"name"`
	DirIndex uint64 `json:"dirIndex"`
}

// LineHeader is a line-number program header (DWARF 5 §6.2.4; versions
// 2 to 5).
type LineHeader struct {
	// Off is the unit's offset in .debug_line; ProgramOff and End bound
	// its opcodes.
	Off, ProgramOff, End uint64
	Format64             bool
	Version              uint16
	AddrSize             uint8
	SegSelSize           uint8
	HeaderLength         uint64
	MinInstLength        uint8
	MaxOpsPerInst        uint8
	DefaultIsStmt        bool
	LineBase             int8
	LineRange            uint8
	OpcodeBase           uint8
	StdOpLengths         []uint8
	Dirs                 []string
	Files                []LineFile
}

// FilePath returns the path of file index i as llvm-dwarfdump prints a
// DW_AT_decl_file: the name joined to its directory, and a relative
// directory (other than a version 5 table's entry 0, which is the
// compilation directory itself) joined to compDir. ok is false when there
// is no such file.
func (h *LineHeader) FilePath(i uint64, compDir string) (string, bool) {
	if h.Version < 5 {
		if i == 0 || i > uint64(len(h.Files)) {
			return "", false
		}
		i--
	}
	if i >= uint64(len(h.Files)) {
		return "", false
	}
	f := h.Files[i]
	if isAbs(f.Name) {
		return f.Name, true
	}
	dir := ""
	switch {
	case h.Version >= 5 && f.DirIndex < uint64(len(h.Dirs)):
		dir = h.Dirs[f.DirIndex]
	case h.Version < 5 && f.DirIndex > 0 && f.DirIndex <= uint64(len(h.Dirs)):
		dir = h.Dirs[f.DirIndex-1]
	}
	if !isAbs(dir) && (h.Version < 5 || f.DirIndex != 0) {
		return joinPath(compDir, dir, f.Name), true
	}
	return joinPath(dir, f.Name), true
}

func isAbs(p string) bool { return len(p) > 0 && p[0] == '/' }

// joinPath joins non-empty path parts with one '/' between them.
func joinPath(parts ...string) string {
	out := ""
	for _, p := range parts {
		switch {
		case p == "":
		case out == "":
			out = p
		case out[len(out)-1] == '/':
			out += p
		default:
			out += "/" + p
		}
	}
	return out
}

// LineRow is one row of the line-number matrix.
type LineRow struct {
	Address       uint64 `json:"address"`
	OpIndex       uint64 `json:"opIndex"`
	File          uint64 `json:"file"`
	Line          uint64 `json:"line"`
	Column        uint64 `json:"column"`
	ISA           uint64 `json:"isa"`
	Discriminator uint64 `json:"discriminator"`
	IsStmt        bool   `json:"isStmt"`
	BasicBlock    bool   `json:"basicBlock"`
	EndSequence   bool   `json:"endSequence"`
	PrologueEnd   bool   `json:"prologueEnd"`
	EpilogueBegin bool   `json:"epilogueBegin"`
	// Op is the index in LineTable.Ops of the opcode that emitted it.
	Op int `json:"op"`
}

// Flags prints the row's flags as llvm-dwarfdump does ("is_stmt
// prologue_end").
func (r *LineRow) Flags() string {
	s := ""
	add := func(on bool, name string) {
		if on {
			s += " " + name
		}
	}
	add(r.IsStmt, "is_stmt")
	add(r.BasicBlock, "basic_block")
	add(r.PrologueEnd, "prologue_end")
	add(r.EpilogueBegin, "epilogue_begin")
	add(r.EndSequence, "end_sequence")
	if s == "" {
		return ""
	}
	return s[1:]
}

// LineOp is one opcode of a line-number program as the state machine
// executed it.
type LineOp struct {
	// Off and Len are the opcode's place in .debug_line, operands
	// included.
	Off, Len uint64
	Opcode   byte
	// Extended is the sub-opcode of an extended opcode (Opcode 0).
	Extended uint64
	Name     string
	// Operand is the opcode's (first) operand, when it has one.
	Operand string
	// Value is the opcode's numeric operand (set_address's address,
	// advance_pc's advance, set_file's index, …); Advance the operation
	// advance it applied, LineDelta its line advance, Line the line
	// register after it and IsStmt the is_stmt register after it.
	// LineTable.Effect spells them out.
	Value     uint64
	Advance   uint64
	LineDelta int64
	Line      uint64
	IsStmt    bool
	// Rows are the indices in LineTable.Rows of the rows it appended.
	Rows []int
}

// LineTable is one unit of .debug_line, replayed from its bytes.
type LineTable struct {
	Header LineHeader
	Ops    []LineOp
	Rows   []LineRow
}

// LineSections are the string sections a version 5 header refers to.
type LineSections struct {
	Str, LineStr []byte
}

// ParseLineHeader reads the header of the line-number program unit at
// off in sec, the contents of .debug_line.
func ParseLineHeader(sec []byte, off uint64, order binary.ByteOrder, strs LineSections) (*LineHeader, error) {
	r := &reader{b: sec, off: off, order: order}
	h := &LineHeader{Off: off}
	fail := func(what string) error {
		return fmt.Errorf(".debug_line offset 0x%x: %s", r.off, what)
	}
	var err error
	if h.End, h.Format64, err = r.initialLength(); err != nil {
		return nil, fail(err.Error())
	}
	offSize := offSize(h.Format64)
	h.Version = uint16(r.fixed(2))
	if h.Version < 2 || h.Version > 5 {
		return nil, fail(fmt.Sprintf("unsupported line table version %d", h.Version))
	}
	if h.Version >= 5 {
		h.AddrSize = r.u8()
		h.SegSelSize = r.u8()
	}
	h.HeaderLength = r.fixed(offSize)
	h.ProgramOff = r.off + h.HeaderLength
	if r.err != nil || h.ProgramOff > h.End || h.ProgramOff < r.off {
		return nil, fail("header_length runs past the unit")
	}
	h.MinInstLength = r.u8()
	if h.Version >= 4 {
		h.MaxOpsPerInst = r.u8()
	} else {
		h.MaxOpsPerInst = 1
	}
	h.DefaultIsStmt = r.u8() != 0
	h.LineBase = int8(r.u8())
	h.LineRange = r.u8()
	h.OpcodeBase = r.u8()
	if r.err != nil {
		return nil, fail("header ends early")
	}
	if h.LineRange == 0 {
		return nil, fail("line_range is 0")
	}
	if h.OpcodeBase == 0 {
		return nil, fail("opcode_base is 0")
	}
	h.StdOpLengths = make([]uint8, h.OpcodeBase-1)
	for i := range h.StdOpLengths {
		h.StdOpLengths[i] = r.u8()
	}
	hr := &reader{b: sec[:h.ProgramOff], off: r.off, order: order}
	if h.Version >= 5 {
		dirs, err := entryList(hr, order, offSize, strs)
		if err != nil {
			return nil, err
		}
		for _, d := range dirs {
			h.Dirs = append(h.Dirs, d.Name)
		}
		if h.Files, err = entryList(hr, order, offSize, strs); err != nil {
			return nil, err
		}
	} else {
		if _, ok := stringList(hr, func(_ int, _ uint64, s string) { h.Dirs = append(h.Dirs, s) }); !ok {
			return nil, fmt.Errorf(".debug_line offset 0x%x: include_directories end early", hr.off)
		}
		_, ok := stringList(hr, func(_ int, _ uint64, s string) {
			dir := hr.uleb()
			hr.uleb() // modification time
			hr.uleb() // length
			h.Files = append(h.Files, LineFile{Name: s, DirIndex: dir})
		})
		if !ok {
			return nil, fmt.Errorf(".debug_line offset 0x%x: file_names end early", hr.off)
		}
	}
	if hr.err != nil {
		return nil, fmt.Errorf(".debug_line offset 0x%x: header ends early", hr.off)
	}
	return h, nil
}

// stringList reads a DWARF 2 to 4 line header list (include_directories,
// file_names): entries that start with a NUL-terminated string, ended by
// an empty string. entry is called with each entry's index, offset and
// string, and reads the rest of the entry; end is the empty string's
// offset. ok is false when the data ends first.
func stringList(r *reader, entry func(i int, off uint64, s string)) (end uint64, ok bool) {
	for i := 0; ; i++ {
		off := r.off
		s := r.cstring()
		if r.err != nil {
			return off, false
		}
		if s == "" {
			return off, true
		}
		entry(i, off, s)
	}
}

// entryList reads a version 5 directory or file-name list: the entry
// format, the count and the entries.
func entryList(r *reader, order binary.ByteOrder, offSize int, strs LineSections) ([]LineFile, error) {
	start := r.off
	n := int(r.u8())
	format := make([]entryFormat, n)
	for i := range format {
		at := r.off
		var ok bool
		if format[i], ok = readEntryFormat(r); !ok && r.err == nil {
			return nil, fmt.Errorf(".debug_line offset 0x%x: entry format code past 0xffff", at)
		}
	}
	count := r.uleb()
	if r.err != nil {
		return nil, fmt.Errorf(".debug_line offset 0x%x: entry format ends early", start)
	}
	if count > r.left() {
		return nil, fmt.Errorf(".debug_line offset 0x%x: %d entries cannot fit in the header", start, count)
	}
	out := make([]LineFile, 0, count)
	for range count {
		var f LineFile
		for _, p := range format {
			at := r.off
			v, s, ok := lineFormValue(r, p.form, order, offSize, strs)
			if !ok {
				return nil, fmt.Errorf(".debug_line offset 0x%x: cannot read %s in form %s", at, p.content, p.form)
			}
			switch p.content {
			case dw.LNCTPath:
				f.Name = s
			case dw.LNCTDirectoryIndex:
				f.DirIndex = v
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// entryFormat is one (content type, form) pair of a version 5 line
// header's directory or file-name entry format (DWARF 5 §6.2.4.1).
type entryFormat struct {
	content dw.LineContent
	form    dw.Form
}

// readEntryFormat reads one entry format pair; ok is false when a code
// does not fit its type (or r failed).
func readEntryFormat(r *reader) (p entryFormat, ok bool) {
	content, cok := code16[dw.LineContent](r.uleb())
	form, fok := code16[dw.Form](r.uleb())
	return entryFormat{content, form}, cok && fok && r.err == nil
}

// lineFormValue reads one value of a line header entry.
func lineFormValue(r *reader, form dw.Form, order binary.ByteOrder, offSize int, strs LineSections) (uint64, string, bool) {
	var v uint64
	switch form {
	case dw.FormString:
		s := r.cstring()
		return 0, s, r.err == nil
	case dw.FormLineStrp, dw.FormStrp:
		v = r.fixed(offSize)
		sec := strs.LineStr
		if form == dw.FormStrp {
			sec = strs.Str
		}
		if r.err != nil || v >= uint64(len(sec)) {
			return 0, "", false
		}
		sr := &reader{b: sec, off: v}
		s := sr.cstring()
		return v, s, sr.err == nil
	case dw.FormUdata:
		v = r.uleb()
	case dw.FormData1:
		v = r.fixed(1)
	case dw.FormData2:
		v = r.fixed(2)
	case dw.FormData4:
		v = r.fixed(4)
	case dw.FormData8:
		v = r.fixed(8)
	case dw.FormData16:
		r.bytes(16)
	case dw.FormBlock:
		r.bytes(r.uleb())
	default:
		return 0, "", false
	}
	return v, "", r.err == nil
}

// DecodeLineTable replays the line-number program of the unit at off in
// sec (.debug_line) with the state machine of DWARF 5 §6.2.2: every
// opcode and every row it appends, each row linked to its opcode. On
// malformed bytes it returns what it decoded so far with an error naming
// the offset.
func DecodeLineTable(sec []byte, off uint64, order binary.ByteOrder, strs LineSections) (*LineTable, error) {
	return decodeLineTable(sec, off, order, strs, nil)
}

// decodeLineTable is DecodeLineTable; each, when not nil, receives every
// opcode as it is decoded (its index and the table so far, rows
// included) instead of t.Ops keeping it, so that a caller going through
// the opcodes once never holds them all.
func decodeLineTable(sec []byte, off uint64, order binary.ByteOrder, strs LineSections, each func(t *LineTable, i int, op *LineOp)) (*LineTable, error) {
	h, err := ParseLineHeader(sec, off, order, strs)
	if err != nil {
		return nil, err
	}
	t := &LineTable{Header: *h}
	r := &reader{b: sec[:h.End], off: h.ProgramOff, order: order}
	var st LineRow
	reset := func() {
		st = LineRow{File: 1, Line: 1, IsStmt: h.DefaultIsStmt}
	}
	reset()
	minInst := uint64(h.MinInstLength)
	maxOps := uint64(max(h.MaxOpsPerInst, 1))
	// advance moves address and op_index by an operation advance.
	advance := func(op *LineOp, adv uint64) {
		op.Advance = adv
		if maxOps == 1 {
			st.Address += minInst * adv
			return
		}
		st.Address += minInst * ((st.OpIndex + adv) / maxOps)
		st.OpIndex = (st.OpIndex + adv) % maxOps
	}
	emit := func(op int) int {
		row := st
		row.Op = op
		t.Rows = append(t.Rows, row)
		st.Discriminator = 0
		st.BasicBlock, st.PrologueEnd, st.EpilogueBegin = false, false, false
		return len(t.Rows) - 1
	}
	for opIdx := 0; r.off < h.End; opIdx++ {
		op := LineOp{Off: r.off}
		code := r.u8()
		op.Opcode = code
		switch {
		case code >= h.OpcodeBase:
			adj := uint64(code - h.OpcodeBase)
			opAdv := adj / uint64(h.LineRange)
			lineAdv := int64(h.LineBase) + int64(adj%uint64(h.LineRange))
			op.Name = "special opcode"
			op.Operand = strconv.Itoa(int(code))
			advance(&op, opAdv)
			st.Line = uint64(int64(st.Line) + lineAdv)
			op.LineDelta = lineAdv
			op.Rows = append(op.Rows, emit(opIdx))
		case dw.LineOp(code) == dw.LNSExtendedOp:
			n := r.uleb()
			if r.err != nil || n > r.left() {
				return t, fmt.Errorf(".debug_line offset 0x%x: extended opcode length %d runs past the unit", op.Off, n)
			}
			if n == 0 {
				return t, fmt.Errorf(".debug_line offset 0x%x: extended opcode of length 0", op.Off)
			}
			end := r.off + n
			sub := dw.LineExtOp(r.u8())
			op.Extended = uint64(sub)
			op.Name = sub.String()
			switch sub {
			case dw.LNEEndSequence:
				st.EndSequence = true
				op.Rows = append(op.Rows, emit(opIdx))
				reset()
			case dw.LNESetAddress:
				a := r.fixed(int(n - 1))
				st.Address, st.OpIndex = a, 0
				op.Value = a
				op.Operand = fmt.Sprintf("0x%x", a)
			case dw.LNESetDiscriminator:
				st.Discriminator = r.uleb()
				op.Value = st.Discriminator
				op.Operand = strconv.FormatUint(st.Discriminator, 10)
			case dw.LNEDefineFile:
				name := r.cstring()
				op.Operand = strconv.Quote(name)
			}
			if r.err != nil || r.off > end {
				return t, fmt.Errorf(".debug_line offset 0x%x: %s operands run past its length", op.Off, op.Name)
			}
			r.off = end
		default:
			op.Name = dw.LineOp(code).String()
			switch dw.LineOp(code) {
			case dw.LNSCopy:
				op.Rows = append(op.Rows, emit(opIdx))
			case dw.LNSAdvancePC:
				v := r.uleb()
				op.Value = v
				op.Operand = strconv.FormatUint(v, 10)
				advance(&op, v)
			case dw.LNSAdvanceLine:
				v := r.sleb()
				st.Line = uint64(int64(st.Line) + v)
				op.LineDelta = v
				op.Operand = strconv.FormatInt(v, 10)
			case dw.LNSSetFile:
				st.File = r.uleb()
				op.Value = st.File
				op.Operand = strconv.FormatUint(st.File, 10)
			case dw.LNSSetColumn:
				st.Column = r.uleb()
				op.Value = st.Column
				op.Operand = strconv.FormatUint(st.Column, 10)
			case dw.LNSNegateStmt:
				st.IsStmt = !st.IsStmt
			case dw.LNSSetBasicBlock:
				st.BasicBlock = true
			case dw.LNSConstAddPC:
				advance(&op, uint64(255-h.OpcodeBase)/uint64(h.LineRange))
			case dw.LNSFixedAdvancePC:
				v := r.fixed(2)
				st.Address += v
				st.OpIndex = 0
				op.Value = v
				op.Operand = strconv.FormatUint(v, 10)
			case dw.LNSSetPrologueEnd:
				st.PrologueEnd = true
			case dw.LNSSetEpilogueBegin:
				st.EpilogueBegin = true
			case dw.LNSSetISA:
				st.ISA = r.uleb()
				op.Value = st.ISA
				op.Operand = strconv.FormatUint(st.ISA, 10)
			default:
				// an opcode this version does not define: skip its
				// operands as standard_opcode_lengths says
				n := h.StdOpLengths[code-1]
				for range n {
					r.uleb()
				}
				op.Value = uint64(n)
			}
		}
		if r.err != nil {
			return t, fmt.Errorf(".debug_line offset 0x%x: %s ends early", op.Off, op.Name)
		}
		op.Len = r.off - op.Off
		op.Line, op.IsStmt = st.Line, st.IsStmt
		if each != nil {
			each(t, opIdx, &op)
		} else {
			t.Ops = append(t.Ops, op)
		}
	}
	return t, nil
}

// Effect says what opcode i did to the registers, with the special-opcode
// arithmetic spelled out ("adjusted opcode = 75 − opcode_base 13 = 62;
// operation advance = 62 / line_range 14 = 4; address += 4 ×
// min_inst_length 1 = 4; line += line_base -5 + 62 % 14 = +1 → line 7;
// append a row").
func (t *LineTable) Effect(i int) string {
	if i < 0 || i >= len(t.Ops) {
		return ""
	}
	return lineEffect(&t.Header, &t.Ops[i])
}

// lineEffect is LineTable.Effect of op in a table with header h.
func lineEffect(h *LineHeader, op *LineOp) string {
	addr := func() string {
		if max(h.MaxOpsPerInst, 1) == 1 {
			return fmt.Sprintf("address += %d × min_inst_length %d = %d", op.Advance, h.MinInstLength, op.Advance*uint64(h.MinInstLength))
		}
		return fmt.Sprintf("operation advance %d (VLIW, max_ops %d)", op.Advance, h.MaxOpsPerInst)
	}
	switch {
	case op.Opcode >= h.OpcodeBase:
		adj := uint64(op.Opcode - h.OpcodeBase)
		return fmt.Sprintf("adjusted opcode = %d − opcode_base %d = %d; operation advance = %d / line_range %d = %d; %s; line += line_base %d + %d %% %d = %+d → line %d; append a row",
			op.Opcode, h.OpcodeBase, adj, adj, h.LineRange, op.Advance, addr(), h.LineBase, adj, h.LineRange, op.LineDelta, op.Line)
	case dw.LineOp(op.Opcode) == dw.LNSExtendedOp:
		switch dw.LineExtOp(op.Extended) {
		case dw.LNEEndSequence:
			return "append a row that ends the sequence, then reset every register"
		case dw.LNESetAddress:
			return fmt.Sprintf("address = 0x%x", op.Value)
		case dw.LNESetDiscriminator:
			return fmt.Sprintf("discriminator = %d", op.Value)
		case dw.LNEDefineFile:
			return "define file " + op.Operand
		}
		return "not known here: skipped by its length"
	}
	switch dw.LineOp(op.Opcode) {
	case dw.LNSCopy:
		return "append a row"
	case dw.LNSAdvancePC:
		return addr()
	case dw.LNSAdvanceLine:
		return fmt.Sprintf("line += %d → %d", op.LineDelta, op.Line)
	case dw.LNSSetFile:
		return fmt.Sprintf("file = %d", op.Value)
	case dw.LNSSetColumn:
		return fmt.Sprintf("column = %d", op.Value)
	case dw.LNSNegateStmt:
		return fmt.Sprintf("is_stmt = %t", op.IsStmt)
	case dw.LNSSetBasicBlock:
		return "basic_block = true"
	case dw.LNSConstAddPC:
		return fmt.Sprintf("operation advance = (255 − opcode_base %d) / line_range %d = %d; %s", h.OpcodeBase, h.LineRange, op.Advance, addr())
	case dw.LNSFixedAdvancePC:
		return fmt.Sprintf("address += %d", op.Value)
	case dw.LNSSetPrologueEnd:
		return "prologue_end = true"
	case dw.LNSSetEpilogueBegin:
		return "epilogue_begin = true"
	case dw.LNSSetISA:
		return fmt.Sprintf("isa = %d", op.Value)
	}
	return fmt.Sprintf("not known here: %d ULEB128 operands skipped", op.Value)
}
