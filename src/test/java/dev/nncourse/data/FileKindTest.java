package dev.nncourse.data;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileKind}: null for a regular file, else what the path names; a null path is named, not a NullPointerException. */
class FileKindTest {
    @TempDir Path dir;

    @Test void aRegularFileADirectoryAndNoPath() throws IOException {
        assertNull(FileKind.of(Files.writeString(dir.resolve("a.csv"), "x,y\n")));
        assertEquals("a directory", FileKind.of(dir));
        assertMessage(IllegalArgumentException.class, () -> FileKind.of(null), "FileKind.of: expected a path, got null");
    }
}
