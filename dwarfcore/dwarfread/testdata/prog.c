#include <stddef.h>
struct point { int x, y; char tag; double w; };
struct bits { unsigned a : 3, b : 5; int c : 7; long long d; char e; };
union u { int i; float f; char c[3]; };
enum color { RED, GREEN = 5, BLUE };
typedef struct point point_t;
struct nested { char a; struct point p; short s; int *ptr; char tail[5]; union u un; };
struct __attribute__((packed)) packed_s { char a; int b; short c; };
struct wide_bits { unsigned long long x : 40; unsigned y : 30; char z; unsigned w : 3; };
struct nested nested_global;
struct packed_s packed_global;
struct wide_bits wide_global;
static __thread int tls_counter = 3;
int global_array[4] = {1, 2, 3, 4};
const char *greeting = "hello\tworld";
volatile enum color favourite = GREEN;
struct bits packed_bits;
static inline int square(int v) { return v * v; }
int sum(const point_t *p, int n) {
  int total = 0;
  for (int i = 0; i < n; i++) {
    total += square(p[i].x) + p[i].y;
  }
  tls_counter += total;
  return total;
}
int main(int argc, char **argv) {
  point_t pts[2] = {{1, 2, 'a', 1.5}, {3, 4, 'b', 2.5}};
  union u un; un.i = argc;
  packed_bits.a = (unsigned)argc;
  return sum(pts, 2) + un.c[0] + (int)(size_t)argv[0][0] + global_array[argc & 3];
}
