// Package align rounds sizes and offsets up to an alignment: the one
// helper the DWARF emitter, the code generators and the container
// writers share.
package align

// maxOffset is the largest offset Up returns: a result that would exceed
// it saturates there instead of wrapping around.
const maxOffset = 1<<63 - 1

// Up returns n rounded up to a multiple of a (n itself when a is 0 or
// 1), saturating at 1<<63-1.
func Up(n, a uint64) uint64 {
	if a <= 1 {
		return n
	}
	r := uint64(maxOffset)
	if a <= maxOffset && n <= maxOffset-(a-1) {
		r = n + a - 1
	}
	return r - r%a
}
