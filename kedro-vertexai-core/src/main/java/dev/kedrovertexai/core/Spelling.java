package dev.kedrovertexai.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the front end that drives the core spells what a user types, so that the core speaks no build tool. Core
 * messages, log lines and the files it writes for the user name a goal as {@code {goal:compile}}, a parameter as
 * typed on the command line as {@code {param:python}} or {@code {param:python=<path>}}, a setting of the build file
 * as {@code {setting:python}} or, nested, {@code {setting:overrides/run_config.image}}, and a run of the build as
 * {@code {build:deploy}}; the front end renders them where the text leaves the core: its log, its error report,
 * the files it writes.
 */
public interface Spelling {
  /** A placeholder: {@code goal}, {@code param} (with or without {@code =VALUE}), {@code setting} or {@code build}. */
  Pattern PLACEHOLDER = Pattern.compile("\\{(goal|param|setting|build):([^{}=]+)(?:=([^{}]*))?}");

  /** The command that runs goal {@code name} ({@code compile}, {@code run-local}, ...) on its own. */
  String goal(String name);

  /** How a user sets parameter {@code name} ({@code python}, {@code env}, ...) to {@code value}, or null for none. */
  String parameter(String name, String value);

  /** Where the build file sets {@code path}: a parameter's name, or names nested with {@code /}. */
  String setting(String path);

  /** The command that runs the build up to {@code step} ({@code package}, {@code deploy}, {@code -B verify}). */
  String build(String step);

  /** {@code text} with every placeholder spelled out. */
  default String render(String text) {
    if (text == null || text.indexOf('{') < 0) {
      return text;
    }
    Matcher placeholder = PLACEHOLDER.matcher(text);
    StringBuilder rendered = new StringBuilder();
    while (placeholder.find()) {
      String name = placeholder.group(2);
      String spelled =
          switch (placeholder.group(1)) {
            case "goal" -> goal(name);
            case "param" -> parameter(name, placeholder.group(3));
            case "setting" -> setting(name);
            default -> build(name);
          };
      placeholder.appendReplacement(rendered, Matcher.quoteReplacement(spelled));
    }
    placeholder.appendTail(rendered);
    return rendered.toString();
  }
}
