package dev.kedrovertexai.core.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The layout of every JSON file the plugin writes, so that they diff alike on every platform; it is also Python's
 * {@code json.dump(indent=2)} layout, so that a file the project's Python writes is byte for byte the same.
 */
public final class JsonFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

  private JsonFiles() {}

  /** Two-space indent, {@code "key": value}, {@code {}} and {@code []} when empty, {@code \n} line ends. */
  public static DefaultPrettyPrinter prettyPrinter() {
    return new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"))
        .withSeparators(
            Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
  }

  /**
   * The JSON value in {@code file}, which the plugin or a run wrote. A missing, unreadable, malformed or empty file
   * is an error that names the file (and where the JSON goes wrong) and ends with {@code remedy}.
   */
  public static JsonNode read(Path file, String remedy) throws KedroVertexAiException {
    if (Files.isDirectory(file)) {
      throw new KedroVertexAiException(file + " is a directory; " + remedy);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new KedroVertexAiException(file + " does not exist; " + remedy);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new KedroVertexAiException(
          file + " is not valid JSON (" + where + e.getOriginalMessage() + "); " + remedy);
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new KedroVertexAiException(file + " is empty; " + remedy);
    }
    return root;
  }

  /** The text of a file holding {@code tree}, in that layout, ending with a line end. */
  public static String text(JsonNode tree) {
    try {
      return WRITER.writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      // A tree always serializes; failing here is a programming error.
      throw new UncheckedIOException(e);
    }
  }
}
