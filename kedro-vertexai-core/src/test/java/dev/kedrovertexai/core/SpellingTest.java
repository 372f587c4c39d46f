package dev.kedrovertexai.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The front end spells every placeholder of a core message, and nothing else. */
class SpellingTest {
  @Test
  void rendersGoalsParametersAndBuilds() {
    assertEquals(
        "Regenerate it with kv describe --env=dev --describeOutput=conf/d.json, then kv-build package.",
        PlainSpelling.INSTANCE.render(
            "Regenerate it with {goal:describe} {param:env=dev} {param:describeOutput=conf/d.json}, then"
                + " {build:package}."));
    assertEquals("set --python=<path>; --yml.run_config.labels=[...]; --force",
        PlainSpelling.INSTANCE.render("set {param:python=<path>}; {param:yml.run_config.labels=[...]}; {param:force}"));
    assertEquals("settings.params, settings.overrides.run_config.image",
        PlainSpelling.INSTANCE.render("{setting:params}, {setting:overrides/run_config.image}"));
    assertEquals("kv-build -B deploy --params=a=1,b=2",
        PlainSpelling.INSTANCE.render("{build:-B deploy} {param:params=a=1,b=2}"));
  }

  @Test
  void leavesOtherBracesAlone() {
    String text = "pattern {namespace}.regressor, ${{ vars.X }}, {name}:latest and {}";
    assertEquals(text, PlainSpelling.INSTANCE.render(text));
    assertEquals(null, PlainSpelling.INSTANCE.render(null));
  }
}
