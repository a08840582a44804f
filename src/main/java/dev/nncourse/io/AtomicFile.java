package dev.nncourse.io;

import dev.nncourse.data.FileKind;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * A file replaced in one atomic step: the new bytes go to a temporary file in the same directory, are forced to
 * disk, and the temporary file is renamed over the old one, so a reader sees either the old file or the new one.
 *
 * <p>A symbolic link is followed to the file it names (through any chain of links): that file is replaced and the link
 * stays a link. The replaced file keeps its permission bits; a new file gets the usual default, 0666 less the umask,
 * like any file a program creates. Only a regular file, or a name where no file exists yet, is replaced: a directory, a
 * named pipe or a device is refused, and so is a file without write permission.
 */
final class AtomicFile {
    /** Links followed before giving up, as Linux's ELOOP limit. */
    private static final int MAX_LINKS = 40;
    /** Characters of the file's name kept in the temporary file's name, so that it never gets too long. */
    private static final int TEMP_NAME = 32;

    private final Path file;     // as the caller named it, for messages
    private final Path target;   // the regular file to replace, or to create, with every link followed

    private AtomicFile(Path file, Path target) {
        this.file = file;
        this.target = target;
    }

    /** Checks that {@code file} can be replaced or created, before anything is written. */
    static AtomicFile to(Path file) {
        Path target = follow(file);
        if (Files.isDirectory(target)) throw fail(file, "it is a directory; expected a file name");
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            throw fail(file, Files.exists(dir) ? dir + " is not a directory" : "directory " + dir + " does not exist");
        }
        if (Files.exists(target)) {
            String kind;
            try {
                kind = FileKind.of(target);
            } catch (IOException e) {
                throw fail(file, "cannot look at " + target + " (" + e + ")", e);
            }
            if (kind != null) {
                throw fail(file, (target.equals(file.toAbsolutePath()) ? "it" : "its link target " + target) + " is " + kind
                        + ", not a regular file; expected a regular file or a new file name");
            }
            if (!Files.isWritable(target)) {
                throw fail(file, target + " is read-only; make it writable first (the previous file is unchanged), or save "
                        + "under another name");
            }
        }
        return new AtomicFile(file, target);
    }

    /** The end of the chain of symbolic links that starts at {@code file}, as an absolute path. */
    private static Path follow(Path file) {
        Path p = file.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_LINKS) {
                throw fail(file, "it is a loop of symbolic links, or a chain of more than " + MAX_LINKS + "; expected a "
                        + "file or a link to one");
            }
            try {
                p = p.resolveSibling(Files.readSymbolicLink(p));
            } catch (IOException e) {
                throw fail(file, "cannot read the symbolic link " + p + " (" + e + ")", e);
            }
        }
        return p;
    }

    /** Writes {@code bytes} to a temporary file beside the target and renames it over the target. */
    void write(byte[] bytes) {
        Set<PosixFilePermission> old = permissions();
        Path dir = target.getParent(), tmp;
        try {
            tmp = Files.createTempFile(dir, "." + shortName() + ".", ".tmp", creationAttributes(old));
        } catch (IOException e) {
            throw fail(file, (nameTooLong(e) ? nameProblem(e) : "cannot create a file in directory " + dir + " (" + describe(e)
                    + "); expected a writable directory") + ". The previous file, if any, is unchanged", e);
        }
        try {
            // A FileOutputStream, not a FileChannel: a channel closes itself when the thread's interrupt flag is set,
            // and a notebook's stop button may leave that flag set on the thread that saves next.
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                out.write(bytes);
                out.getFD().sync();
            }
            if (old != null) Files.setPosixFilePermissions(tmp, old);   // exactly the old bits, whatever the umask
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException f) {
                e.addSuppressed(f);
            }
            String why = nameTooLong(e) ? nameProblem(e) + "; " : "(" + e + "); ";
            throw fail(file, why + "the previous file, if any, is unchanged", e);
        }
    }

    /** The permission bits of the file being replaced, or null for a new file or a file system without them. */
    private Set<PosixFilePermission> permissions() {
        try {
            return Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | UnsupportedOperationException e) {
            return null;
        } catch (IOException e) {
            throw fail(file, nameTooLong(e) ? nameProblem(e) : "cannot read the permissions of " + target + " (" + e + ")", e);
        }
    }

    /**
     * The temporary file starts with the old file's bits plus owner read and write (it is written before they are set
     * exactly), or with rw-rw-rw- for a new file, which the umask then reduces as it does for any new file.
     */
    private FileAttribute<?>[] creationAttributes(Set<PosixFilePermission> old) {
        if (!target.getFileSystem().supportedFileAttributeViews().contains("posix")) return new FileAttribute<?>[0];
        Set<PosixFilePermission> p = old == null ? PosixFilePermissions.fromString("rw-rw-rw-") : EnumSet.copyOf(old);
        if (old != null) p.addAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(p)};
    }

    private String shortName() {
        String name = target.getFileName().toString();
        return name.length() <= TEMP_NAME ? name : name.substring(0, TEMP_NAME);
    }

    /** Whether the file system refused a name as too long (ENAMETOOLONG), or the target's name is longer than usual. */
    private boolean nameTooLong(Exception e) {
        return e instanceof FileSystemException f && f.getReason() != null && f.getReason().contains("too long")
                || nameBytes() > 255;
    }

    private String nameProblem(Exception e) {
        return "the file name " + target.getFileName() + " is " + nameBytes() + " bytes long (" + describe(e) + "); expected "
                + "a shorter name: most file systems allow at most 255 bytes";
    }

    private int nameBytes() { return target.getFileName().toString().getBytes(StandardCharsets.UTF_8).length; }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static ModelFileException fail(Path file, String why) { return fail(file, why, null); }

    private static ModelFileException fail(Path file, String why, Throwable cause) {
        return new ModelFileException("cannot save to " + file + (why.startsWith("(") ? " " : ": ") + why, cause);
    }
}
