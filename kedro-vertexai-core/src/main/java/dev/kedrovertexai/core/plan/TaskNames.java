package dev.kedrovertexai.core.plan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Vertex task names from Kedro node or group names: lower-case letters, digits and single dashes
 * ({@code [a-z0-9][a-z0-9-]*}, no trailing dash), at most {@value #MAX_LENGTH} characters, unique within a
 * pipeline.
 */
public final class TaskNames {
  static final int MAX_LENGTH = 63;
  /** Room kept for a hash when a long name is shortened. */
  private static final int HASH_LENGTH = 8;

  private TaskNames() {}

  /**
   * Unique names for {@code labels}, in order: a name that is already taken gets {@code -2}, {@code -3}, ...
   * (the first in the list keeps the plain name, so the result depends only on the list).
   */
  static List<String> unique(List<String> labels) {
    Set<String> taken = new HashSet<>();
    List<String> names = new ArrayList<>(labels.size());
    for (String label : labels) {
      String name = unique(readable(label), taken);
      taken.add(name);
      names.add(name);
    }
    return names;
  }

  /** {@code base} (a valid task name), or {@code base-2}, {@code base-3}, ... when {@code taken} has it. */
  public static String unique(String base, Set<String> taken) {
    String name = base;
    for (int suffix = 2; taken.contains(name); suffix++) {
      String tail = "-" + suffix;
      name = trimDashes(base.substring(0, Math.min(base.length(), MAX_LENGTH - tail.length()))) + tail;
    }
    return name;
  }

  /**
   * A valid name that still reads like the Kedro name: {@code ns.sub.node} -> {@code ns-sub-node},
   * {@code create_matrix__adb01ae6} (Kedro 1.x) -> {@code create-matrix-adb01ae6}, and Kedro 0.19's
   * {@code fn([a;b]) -> [c]} -> {@code fn}.
   */
  static String readable(String label) {
    String text = label;
    int bracket = text.indexOf("([");
    if (bracket > 0 && text.contains("]) -> [")) {
      text = text.substring(0, bracket);
    }
    StringBuilder name = new StringBuilder();
    for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (keep) {
        name.append(c);
      } else if (name.length() > 0 && name.charAt(name.length() - 1) != '-') {
        name.append('-');
      }
    }
    String result = trimDashes(name.toString());
    if (result.isEmpty()) {
      result = "task";
    }
    if (result.length() > MAX_LENGTH) {
      // Shortened names keep their start (what people read) and a hash of the whole (what keeps them apart).
      String head = trimDashes(result.substring(0, MAX_LENGTH - HASH_LENGTH - 1));
      result = head + "-" + hash(label);
    }
    return result;
  }

  private static String hash(String label) {
    CRC32 crc = new CRC32();
    crc.update(label.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  private static String trimDashes(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '-') {
      end--;
    }
    return text.substring(0, end);
  }
}
