package dev.kedrovertexai.core.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** {@link ObjectStore} over a local folder, for {@code file://} roots (run-local's default). */
final class LocalObjectStore implements ObjectStore {
  @Override
  public void write(String url, byte[] content) throws IOException {
    Path file = path(url);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  @Override
  public byte[] read(String url) throws IOException {
    try {
      return Files.readAllBytes(path(url));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    Path start = path(prefix.substring(0, prefix.lastIndexOf('/') + 1));
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(start)) {
      return files.filter(Files::isRegularFile).map(LocalObjectStore::url).filter(url -> url.startsWith(prefix))
          .sorted().toList();
    }
  }

  @Override
  public void delete(String url) throws IOException {
    Files.deleteIfExists(path(url));
  }

  private static Path path(String url) {
    return Path.of(URI.create(url.replace(" ", "%20")));
  }

  /** {@code file:///...} without percent-encoding, as the task runtime writes its root. */
  static String url(Path file) {
    String path = file.toAbsolutePath().toString().replace('\\', '/');
    return path.startsWith("/") ? "file://" + path : "file:///" + path;
  }
}
