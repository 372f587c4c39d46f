package dev.kedrovertexai.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes files so that readers never see half a file: content goes to a temporary sibling first and is then
 * moved into place. A failed build therefore leaves the previous output, or none, never a truncated one.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  private static final Set<PosixFilePermission> READABLE_BY_ALL = PosixFilePermissions.fromString("rw-r--r--");

  /**
   * Replaces several files as one set: every new content is written to a temporary sibling first, then the old
   * files are moved aside and the new ones into place. A failure at any step restores the previous set (or none)
   * and removes every temporary file, so readers never see files of two different writes side by side. When every
   * file already has its content, nothing is touched (timestamps included) and the result is false.
   */
  public static boolean writeAll(Map<Path, String> contents) throws IOException {
    if (allCurrent(contents)) {
      return false;
    }
    Map<Path, Path> written = new LinkedHashMap<>();
    Map<Path, Path> setAside = new LinkedHashMap<>();
    List<Path> placed = new ArrayList<>();
    try {
      for (Map.Entry<Path, String> entry : contents.entrySet()) {
        Path target = entry.getKey().toAbsolutePath();
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(target + " is a folder, where a file is to be written");
        }
        written.put(target, temporaryCopy(target, entry.getValue()));
      }
      for (Path target : written.keySet()) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Path old = target.resolveSibling("." + target.getFileName() + ".previous");
          move(target, old);
          setAside.put(target, old);
        }
      }
      for (Map.Entry<Path, Path> entry : written.entrySet()) {
        move(entry.getValue(), entry.getKey());
        placed.add(entry.getKey());
      }
    } catch (IOException | RuntimeException e) {
      for (Path target : placed) {
        Files.deleteIfExists(target);
      }
      for (Map.Entry<Path, Path> entry : setAside.entrySet()) {
        move(entry.getValue(), entry.getKey());
      }
      throw e;
    } finally {
      for (Path temp : written.values()) {
        Files.deleteIfExists(temp);
      }
    }
    for (Path old : setAside.values()) {
      try {
        Files.deleteIfExists(old);
      } catch (IOException e) {
        // The new set is in place; a stale copy of an old file is harmless and replaced next time.
      }
    }
    return true;
  }

  private static boolean allCurrent(Map<Path, String> contents) throws IOException {
    for (Map.Entry<Path, String> entry : contents.entrySet()) {
      Path target = entry.getKey();
      if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
          || Files.size(target) != entry.getValue().getBytes(StandardCharsets.UTF_8).length
          || !Files.readString(target, StandardCharsets.UTF_8).equals(entry.getValue())) {
        return false;
      }
    }
    return true;
  }

  public static void write(Path target, String content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path temp = temporaryCopy(absolute, content);
    try {
      move(temp, absolute);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The content in a new temporary sibling of the target, with the permissions the target will have. */
  private static Path temporaryCopy(Path target, String content) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      keepUsualPermissions(temp, target);
      return temp;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Temporary files are private to their owner; the written file gets the permissions of the file it replaces,
   * else those of an ordinary build output.
   */
  private static void keepUsualPermissions(Path temp, Path target) throws IOException {
    if (!Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> permissions =
        Files.exists(target) ? Files.getPosixFilePermissions(target) : READABLE_BY_ALL;
    Files.setPosixFilePermissions(temp, permissions);
  }
}
