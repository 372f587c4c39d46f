package dev.kedrovertexai.core.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** A pushed layer (a gzipped tar) as the tests read it: its entries, and its files unpacked into a folder. */
final class LayerArchive {
  /** One entry: its path without the leading {@code /}, a trailing {@code /} for folders. */
  record Entry(String path, int mode, long modified, long owner, long group) {}

  private final byte[] blob;

  LayerArchive(byte[] blob) {
    this.blob = blob;
  }

  List<Entry> entries() throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (TarArchiveInputStream tar = open()) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        String name = entry.getName().replaceFirst("^/", "");
        entries.add(
            new Entry(
                entry.isDirectory() && !name.endsWith("/") ? name + "/" : name, entry.getMode() & 07777,
                entry.getModTime().getTime(), entry.getLongUserId(), entry.getLongGroupId()));
      }
    }
    return Collections.unmodifiableList(entries);
  }

  List<String> paths() throws IOException {
    return entries().stream().map(Entry::path).toList();
  }

  /** Unpacks the layer into {@code root}, as a container runtime would into the image's file system. */
  void unpack(Path root) throws IOException {
    try (TarArchiveInputStream tar = open()) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path target = root.resolve(entry.getName().replaceFirst("^/", "")).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("a layer entry outside the image: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
        }
      }
    }
  }

  private TarArchiveInputStream open() throws IOException {
    InputStream gunzipped = new GZIPInputStream(new ByteArrayInputStream(blob));
    return new TarArchiveInputStream(gunzipped);
  }
}
