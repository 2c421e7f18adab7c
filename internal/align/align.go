// Package align rounds sizes and offsets up to an alignment, the one
// rule the front end's type layout, the DWARF emitter and the container
// writers share.
package align

// MaxSize is the largest size or offset Forward returns: sums past it
// saturate, so that a size computed from untrusted input never wraps.
const MaxSize = 1<<63 - 1

// Forward returns n rounded up to the next multiple of a (n itself when a
// is 0 or 1). When n+a-1 exceeds MaxSize, MaxSize is rounded down to a
// multiple of a instead.
func Forward(n, a uint64) uint64 {
	if a <= 1 {
		return n
	}
	r := uint64(MaxSize)
	if a-1 <= MaxSize && n <= MaxSize-(a-1) {
		r = n + a - 1
	}
	return r - r%a
}
