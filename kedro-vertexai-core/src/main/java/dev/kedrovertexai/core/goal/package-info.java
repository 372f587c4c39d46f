/**
 * The goals, as a front end (the Maven plugin, a CLI, a Gradle plugin) calls them: per goal one immutable request
 * of the plain values the front end read, one call, one result of what the front end needs afterwards.
 *
 * <p>A request holds text as it was given (durations, {@code name=value} parameter lists, config values); the goal
 * parses and checks it, so a front end only reads its parameters, builds the request and reports the failure. What
 * a build hands from one goal to the next (the {@code image.json} of an image built earlier, the {@code
 * template.json} of an uploaded template, whether a compile or a submission already ran) travels as plain values in
 * the request and the result; the front end keeps it between the calls.
 */
package dev.kedrovertexai.core.goal;
