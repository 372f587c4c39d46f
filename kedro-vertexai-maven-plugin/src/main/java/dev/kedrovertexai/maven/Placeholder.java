package dev.kedrovertexai.maven;
final class Placeholder {}
