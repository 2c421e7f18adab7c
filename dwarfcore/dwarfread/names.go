// Package dwarfread reads DWARF 2 to 5 from any ELF file, the way
// llvm-dwarfdump names what it finds: the constant tables, location
// expressions operation by operation, the line-number state machine
// replayed from a program's bytes, and the ELF container (header, section
// headers, symbols, relocation records with their type names per target).
//
// The DWARF vocabulary (tags, attributes, forms, operations, opcodes and
// their names) is package dw's; what this package reads is typed with it.
// A code that does not fit its type (a tag above DW_TAG_hi_user 0xffff)
// is an error where it is read, never truncated.
//
// It knows nothing about the emitter in package dwarfcore: dwarfcore's own
// annotation uses it for every value it decodes and adds what only the
// emitter knows (whose entry, whose padding) on top.
package dwarfread

import (
	"sync"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
)

// TagName names a tag read as a number of any width (DW_TAG_unknown_<hex>
// when it has no name), e.g. from llvm-dwarfdump's output.
func TagName(v uint64) string { return dw.TagNames.Name(v) }

// AttrName names an attribute read as a number of any width
// (DW_AT_unknown_<hex> when it has no name).
func AttrName(v uint64) string { return dw.AttrNames.Name(v) }

// FormName names a form read as a number of any width
// (DW_FORM_unknown_<hex> when it has no name).
func FormName(v uint64) string { return dw.FormNames.Name(v) }

// KnownAttr reports whether an attribute has a name; llvm-dwarfdump
// prints the values of unknown attributes without interpreting them.
func KnownAttr(a dw.Attr) bool {
	if a < smallNames {
		return attrNames.known(a)
	}
	_, ok := dw.AttrNames.Lookup(uint64(a))
	return ok
}

// smallNames is how many values of tags, attributes and forms nameCache
// keeps: the standard ones, which a reader names for every attribute of
// every DIE (a map look-up each in dw's tables).
const smallNames = 256

// nameCache keeps the names of a constant type's values below
// smallNames, made on first use from the type's String.
type nameCache[T interface {
	~uint16
	String() string
}] struct {
	once    sync.Once
	names   [smallNames]string
	isKnown [smallNames]bool
	lookup  func(uint64) (string, bool)
}

func (c *nameCache[T]) fill() {
	c.once.Do(func() {
		for i := range c.names {
			c.names[i] = T(i).String()
			_, c.isKnown[i] = c.lookup(uint64(i))
		}
	})
}

// name is v.String().
func (c *nameCache[T]) name(v T) string {
	if v >= smallNames {
		return v.String()
	}
	c.fill()
	return c.names[v]
}

// known reports whether v (below smallNames) has a name.
func (c *nameCache[T]) known(v T) bool {
	c.fill()
	return c.isKnown[v]
}

var (
	tagNames  = nameCache[dw.Tag]{lookup: dw.TagNames.Lookup}
	attrNames = nameCache[dw.Attr]{lookup: dw.AttrNames.Lookup}
	formNames = nameCache[dw.Form]{lookup: dw.FormNames.Lookup}
)

// ConstName names the value of an attribute whose values are enumerated
// constants (DW_AT_encoding 5 → "DW_ATE_signed", DW_AT_language 0x27 →
// "DW_LANG_Zig"). ok is false for attributes that do not take enumerated
// constants and for values without a name (llvm-dwarfdump then prints
// the number as the form encodes it).
func ConstName(attr dw.Attr, v uint64) (name string, ok bool) {
	names := attr.Values()
	if names == nil {
		return "", false
	}
	return names.Lookup(v)
}
