import Glibc

/// write(2) until every byte is out, for standard output and error: FileHandle would link the
/// whole of Foundation into every command. Output that cannot be written (a closed pipe) is
/// dropped, as FileHandle would drop it.
public enum DescriptorWriter {
    public static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    public static func write(_ text: String, to fd: Int32) {
        write(Array(text.utf8), to: fd)
    }
}
