package dev.kedrovertexai.core.local;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A command-line argument or env value of a task, with its placeholders filled: literal text and the values that
 * are only known when the task starts ({@link LateValue}).
 */
record LaunchText(List<Object> parts) {
  LaunchText {
    parts = List.copyOf(parts);
    for (Object part : parts) {
      if (!(part instanceof String) && !(part instanceof LateValue)) {
        throw new IllegalArgumentException("a part is a String or a LateValue, not " + part);
      }
    }
  }

  static LaunchText of(String literal) {
    return new LaunchText(List.of(literal));
  }

  List<LateValue> lateValues() {
    List<LateValue> late = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof LateValue value) {
        late.add(value);
      }
    }
    return late;
  }

  /** The text, each late value given by {@code values}. */
  String render(Function<LateValue, String> values) {
    StringBuilder text = new StringBuilder();
    for (Object part : parts) {
      text.append(part instanceof LateValue value ? values.apply(value) : (String) part);
    }
    return text.toString();
  }

  /** The text with late values shown as their placeholders: for display, before the task runs. */
  @Override
  public String toString() {
    return render(LateValue::placeholder);
  }
}
