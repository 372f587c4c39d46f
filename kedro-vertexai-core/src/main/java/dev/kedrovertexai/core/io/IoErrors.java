package dev.kedrovertexai.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** What went wrong with a file, in a user's words: the JDK's exceptions carry the path but name it by class. */
public final class IoErrors {
  private IoErrors() {}

  public static String describe(IOException e) {
    if (e instanceof NoSuchFileException missing) {
      return missing.getFile() + " does not exist";
    }
    if (e instanceof AccessDeniedException denied) {
      return "no permission to read or write " + denied.getFile() + "; check its owner and mode";
    }
    if (e instanceof FileAlreadyExistsException exists) {
      return exists.getFile() + " already exists, and is not a folder";
    }
    if (e instanceof NotDirectoryException notFolder) {
      return notFolder.getFile() + " is not a folder";
    }
    if (e instanceof DirectoryNotEmptyException notEmpty) {
      return notEmpty.getFile() + " is a folder that is not empty";
    }
    if (e instanceof FileSystemException fs) {
      return fs.getFile() + (fs.getReason() == null ? ": cannot be read or written" : ": " + fs.getReason());
    }
    return e.getMessage() == null ? "an I/O error" : e.getMessage();
  }
}
