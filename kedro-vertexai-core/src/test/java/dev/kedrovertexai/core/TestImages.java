package dev.kedrovertexai.core;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Base images for the image tests, pushed into a loopback registry (no public registry is reachable from the
 * tests): one small layer on an empty base, with the environment a Python base image declares.
 */
public final class TestImages {
  private TestImages() {}

  /**
   * Pushes {@code <registry>/<repositoryAndTag>}: one layer holding {@code /etc/base-image}, and {@code
   * environment} (an official Python image declares {@code PYTHON_VERSION} there). Returns its digest.
   */
  public static String pushBase(CraneRegistry registry, String repositoryAndTag, Map<String, String> environment)
      throws Exception {
    Path content = Files.createTempFile("base-image", ".txt");
    Path cache = Files.createTempDirectory("jib-test-cache");
    try {
      Files.writeString(content, "a test base image\n");
      JibContainer pushed =
          Jib.fromScratch()
              .setEnvironment(environment)
              .addFileEntriesLayer(
                  FileEntriesLayer.builder()
                      .setName("base")
                      .addEntry(content, AbsoluteUnixPath.get("/etc/base-image"))
                      .build())
              .containerize(
                  Containerizer.to(RegistryImage.named(registry.host + "/" + repositoryAndTag))
                      .setAllowInsecureRegistries(true)
                      .setBaseImageLayersCache(cache.resolve("base"))
                      .setApplicationLayersCache(cache.resolve("application")));
      return pushed.getDigest().toString();
    } finally {
      Files.deleteIfExists(content);
      try (Stream<Path> paths = Files.walk(cache)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
