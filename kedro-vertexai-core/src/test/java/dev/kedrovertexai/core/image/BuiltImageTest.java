package dev.kedrovertexai.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** image.json: the record a compile pins the pipeline's image to. */
class BuiltImageTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "europe-west4-docker.pkg.dev/p/repo/app:latest, europe-west4-docker.pkg.dev/p/repo/app",
    "europe-west4-docker.pkg.dev/p/repo/app, europe-west4-docker.pkg.dev/p/repo/app",
    "127.0.0.1:5000/app:1, 127.0.0.1:5000/app",
    "127.0.0.1:5000/app, 127.0.0.1:5000/app",
    "gcr.io/p/app@sha256:0000000000000000000000000000000000000000000000000000000000000000, gcr.io/p/app"
  })
  void namesTheImageByDigestInsteadOfItsTag(String image, String name) {
    assertEquals(name + "@" + DIGEST, new BuiltImage(image, DIGEST, "python:3.11-slim", DIGEST, null).reference());
  }

  @Test
  void writesAndReadsTheRecord() throws Exception {
    BuiltImage built = new BuiltImage("gcr.io/p/app:1", DIGEST, "python:3.11-slim", DIGEST, "/out/image.tar");
    Path file = Files.writeString(dir.resolve("image.json"), built.toJson());

    assertEquals(built, BuiltImage.read(file));
    assertTrue(Files.readString(file).contains("\"reference\": \"gcr.io/p/app@" + DIGEST + "\""));
  }

  @Test
  void aCompileWithAnotherImageIsRefused() throws Exception {
    BuiltImage built = new BuiltImage("gcr.io/p/app:1", DIGEST, "python:3.11-slim", DIGEST, null);

    assertEquals("gcr.io/p/app@" + DIGEST, built.pinnedFor(TinyProject.config("gcr.io/p/app:1", null, null), dir));
    KedroVertexAiException e =
        assertThrows(
            KedroVertexAiException.class,
            () -> built.pinnedFor(TinyProject.config("gcr.io/p/other:1", null, null), dir.resolve("image.json")));
    assertEquals(
        dir.resolve("image.json") + " records the image built in this build by {goal:image}, gcr.io/p/app:1, but"
            + " run_config.image is gcr.io/p/other:1 (vertexai.yml): give both goals the same configuration",
        e.getMessage());
  }

  @Test
  void aFileThatIsNotARecordIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("image.json"), "{\"image\": \"gcr.io/p/app:1\", \"digest\": \"latest\"}");

    KedroVertexAiException e = assertThrows(KedroVertexAiException.class, () -> BuiltImage.read(file));
    assertEquals(
        file + " is not an image record written by {goal:image} (it needs image and a sha256 digest): run {goal:image}"
            + " again",
        e.getMessage());
  }

  @Test
  void aBrokenFileIsNamedWithWhereItBreaks() throws Exception {
    Path file = Files.writeString(dir.resolve("image.json"), "{\"image\": \"gcr.io/p/app:1\",\n");

    KedroVertexAiException e = assertThrows(KedroVertexAiException.class, () -> BuiltImage.read(file));
    assertTrue(e.getMessage().startsWith(file + " is not valid JSON (line 2, column 1: "), e.getMessage());
    assertTrue(e.getMessage().endsWith("); run {goal:image} again"), e.getMessage());
    assertFalse(e.getMessage().contains("Source:"), "no parser internals: " + e.getMessage());
  }
}
