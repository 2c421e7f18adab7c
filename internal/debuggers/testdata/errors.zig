const FileError = error{ NotFound, AccessDenied };
fn open(ok: FileError!u32, bad: FileError!u32, code: FileError) void {
    var local_ok: FileError!u32 = ok;
    _ = .{ &local_ok, &bad, &code };
}
pub fn main() void {
    open(42, error.AccessDenied, error.NotFound);
}
