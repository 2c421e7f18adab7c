package dwarfread

// Streaming the byte map as JSON: the map of a big section (hundreds of
// thousands of spans) is written while it is built and dropped as it is
// written, so only the spans not yet complete are in memory.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// WriteSectionMapJSON writes the byte map of one debug section as JSON:
// exactly the bytes json.Marshal(d.SectionMap(s)) returns, but written
// as the map is built, so that a section's spans are never all in memory
// at once (only those of the unit, DIE or opcode being decoded).
func (d *Data) WriteSectionMapJSON(w io.Writer, s *DebugSection) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	st := &spanStream{w: bw}
	st.enc = json.NewEncoder(&st.buf)
	root := d.sectionMap(s, st)
	st.flush(root, true)
	if st.err != nil {
		return st.err
	}
	return bw.Flush()
}

// spanStream writes a map being built: whenever the mapper calls flush,
// it writes the spans that are complete and drops them from their
// parent's Children.
//
// The mapper keeps to three rules for this: a span's own fields are final
// once it is in its parent's Children; only the last child of a span can
// still grow; and the mapper never reads a span's Children back after a
// flush (it calls flush only where it no longer does).
type spanStream struct {
	w *bufio.Writer
	// open are the spans whose head and `"children":[` are written,
	// root first; written counts the children written of each.
	open    []*Span
	written []int
	err     error
	// enc encodes one span's head at a time into buf, reused (what
	// json.Marshal writes, and a newline)
	enc *json.Encoder
	buf bytes.Buffer
}

// flush writes what of root's tree is complete: every child but the last
// of each open span, and the last one too when final (the whole tree is
// built).
func (st *spanStream) flush(root *Span, final bool) {
	if st == nil || st.err != nil {
		return
	}
	if len(st.open) == 0 {
		if final && len(root.Children) == 0 {
			st.whole(root)
			return
		}
		if len(root.Children) == 0 {
			return
		}
		st.openSpan(root)
	}
	st.flushOpen(0, final)
}

// flushOpen writes the complete children of st.open[level].
func (st *spanStream) flushOpen(level int, final bool) {
	s := st.open[level]
	n := len(s.Children)
	done := n // children complete: all when final, else all but the last
	if !final && n > 0 {
		done = n - 1
	}
	for i := 0; i < done; i++ {
		c := s.Children[i]
		if level+1 < len(st.open) && st.open[level+1] == c {
			// written in part by an earlier flush: finish it
			st.flushOpen(level+1, true)
			continue
		}
		st.comma(level)
		st.whole(c)
	}
	if final {
		st.w.WriteString("]}")
		st.open, st.written = st.open[:level], st.written[:level]
	} else if n > 0 {
		last := s.Children[n-1]
		if level+1 < len(st.open) && st.open[level+1] == last {
			st.flushOpen(level+1, false)
		} else if len(last.Children) > 0 {
			st.comma(level)
			st.openSpan(last)
			st.flushOpen(level+1, false)
		}
	}
	// drop what is written (an open last child stays, as the mapper
	// still appends to it)
	clear(s.Children[:done])
	s.Children = s.Children[done:]
	if final {
		s.Children = nil
	}
}

// comma separates a child of st.open[level] from the one before it.
func (st *spanStream) comma(level int) {
	if st.written[level] > 0 {
		st.w.WriteByte(',')
	}
	st.written[level]++
}

// openSpan writes s's fields and `"children":[` and pushes s.
func (st *spanStream) openSpan(s *Span) {
	b := st.head(s)
	if b == nil {
		return
	}
	st.w.Write(b[:len(b)-1])
	st.w.WriteString(`,"children":[`)
	st.open = append(st.open, s)
	st.written = append(st.written, 0)
}

// whole writes s and its subtree.
func (st *spanStream) whole(s *Span) {
	if len(s.Children) == 0 {
		st.w.Write(st.head(s))
		return
	}
	b := st.head(s)
	if b == nil {
		return
	}
	st.w.Write(b[:len(b)-1])
	st.w.WriteString(`,"children":[`)
	for i, c := range s.Children {
		if i > 0 {
			st.w.WriteByte(',')
		}
		st.whole(c)
	}
	st.w.WriteString("]}")
}

// head is the JSON of s without its children, valid until the next
// call.
func (st *spanStream) head(s *Span) []byte {
	h := *s
	h.Children = nil
	st.buf.Reset()
	if err := st.enc.Encode(&h); err != nil {
		if st.err == nil {
			st.err = err
		}
		return nil
	}
	return bytes.TrimSuffix(st.buf.Bytes(), []byte("\n"))
}
