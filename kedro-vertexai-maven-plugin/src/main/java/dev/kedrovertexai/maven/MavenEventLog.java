package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import org.apache.maven.plugin.logging.Log;

/** Maps the core's events onto Maven's log, with goals and parameters spelled as a Maven user types them. */
final class MavenEventLog implements EventLog {
  private final Log log;

  MavenEventLog(Log log) {
    this.log = log;
  }

  @Override
  public void debug(String message) {
    log.debug(MavenSpelling.INSTANCE.render(message));
  }

  @Override
  public void info(String message) {
    log.info(MavenSpelling.INSTANCE.render(message));
  }

  @Override
  public void warn(String message) {
    log.warn(MavenSpelling.INSTANCE.render(message));
  }
}
