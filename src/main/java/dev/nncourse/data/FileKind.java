package dev.nncourse.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a path names, for readers that accept only a regular file: a named pipe (FIFO) blocks a reader until someone
 * writes to it, and a device such as {@code /dev/zero} never ends, so both are refused before they are opened.
 */
public final class FileKind {
    private FileKind() {}

    /**
     * Null for a regular file (following symbolic links), otherwise what it is instead, such as "a directory" or
     * "a named pipe (FIFO)". Throws the usual {@link IOException}s ({@code NoSuchFileException}, …) when the path
     * cannot be looked at.
     */
    public static String of(Path file) throws IOException {
        if (file == null) throw new IllegalArgumentException("FileKind.of: expected a path, got null");
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (a.isRegularFile()) return null;
        if (a.isDirectory()) return "a directory";
        try {
            switch ((Integer) Files.getAttribute(file, "unix:mode") & 0170000) {   // the file-type bits of st_mode
                case 0010000: return "a named pipe (FIFO)";
                case 0020000: return "a character device";
                case 0060000: return "a block device";
                case 0140000: return "a socket";
                default: break;
            }
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            // no "unix" attribute view on this platform: fall through to the general name
        }
        return "a special file";
    }
}
