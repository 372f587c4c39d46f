package dev.kedrovertexai.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/**
 * The layout of every JSON file the plugin writes, so that they diff alike on every platform; it is also Python's
 * {@code json.dump(indent=2)} layout, so that a file the project's Python writes is byte for byte the same.
 */
public final class JsonFiles {
  private static final ObjectWriter WRITER = new ObjectMapper().writer(prettyPrinter());

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
