// Package bench holds the whole-pipeline benchmarks reported in
// BENCHMARKS.md: a fresh build (source → ELF object bytes) of generated
// programs with 100, 1,000 and 10,000 declarations, and a plain copy of the
// same number of bytes as the throughput baseline.
//
//	go test -run=^$ -bench=. -benchmem ./internal/bench/
package bench
