/* The layouts the page's Layout tab is held to pahole with: Holey is
   holey.zig's extern struct in C (pahole 1.24 cannot read our output). */
#include <stdint.h>
struct Holey { uint8_t a; uint64_t b; uint16_t c; uint32_t d; uint8_t e; };
struct Bits { unsigned int x : 3; unsigned int y : 9; unsigned int z : 4; char tail; short s; };
struct Nested { char tag; struct Holey inner; char arr[3]; double d; };
struct Holey h;
struct Bits bits;
struct Nested nested;
