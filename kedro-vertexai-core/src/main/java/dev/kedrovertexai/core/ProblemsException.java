package dev.kedrovertexai.core;

import java.util.List;

/** Every problem found in one pass over the user's input, reported together. */
public class ProblemsException extends KedroVertexAiException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public ProblemsException(String headline, List<Problem> problems) {
    super(format(headline, problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String format(String headline, List<Problem> problems) {
    StringBuilder text = new StringBuilder(headline);
    text.append(" (").append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
    for (Problem problem : problems) {
      text.append(System.lineSeparator()).append("  - ").append(problem);
    }
    return text.toString();
  }
}
