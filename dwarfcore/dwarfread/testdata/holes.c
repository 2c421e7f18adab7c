/* Holes of one and of several bytes and bits, for TestPrintLayoutWords. */
struct onebyte { char a; short b; } v1;
struct bytes { char a; int b; } v2;
struct onebit { unsigned char x:3; unsigned char y:4; char c; } v3;
struct bits { unsigned char x:1; char c; } v4;
