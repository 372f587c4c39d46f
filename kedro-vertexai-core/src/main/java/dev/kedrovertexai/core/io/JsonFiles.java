package dev.kedrovertexai.core.io;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

/** The layout of every JSON file the plugin writes, so that they diff alike on every platform. */
public final class JsonFiles {
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
}
