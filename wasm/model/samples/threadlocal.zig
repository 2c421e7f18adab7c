// A thread-local: its DW_AT_location is DW_OP_const*u/DW_OP_form_tls_address
// with a DTPOFF relocation against the symbol in .tdata.
threadlocal var counter: u64 = 42;
threadlocal var scratch: u32 = 0;
var global: u64 = 7;
pub fn main() void {}
