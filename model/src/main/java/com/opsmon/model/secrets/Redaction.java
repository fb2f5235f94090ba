package com.opsmon.model.secrets;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text made safe to log or show: every URL in it is cut to its scheme, host and port. Webhook URLs
 * carry their token in the path or query, and connection strings carry a password in the user part
 * or the query, so nothing after the host (nor before it) survives.
 */
public final class Redaction {
  private Redaction() {}

  /** What replaces the user part, path, query and fragment of a URL. */
  public static final String HIDDEN = "…";

  // a scheme (or two, as in jdbc:postgresql:), then an authority, or a path, or both; a URL ends
  // at white space or a quote
  private static final Pattern URL =
      Pattern.compile(
          "\\b([a-zA-Z][a-zA-Z0-9+.-]*(?::[a-zA-Z][a-zA-Z0-9+.-]*)?):"
              + "(?://([^\\s/?#\"'<>]*@)?(\\[[0-9a-fA-F:.]*\\](?::\\d+)?|[^\\s/?#@\"'<>()\\[\\],]*))?"
              + "([/?#][^\\s\"'<>]*)?");

  /** {@code text} with every URL in it reduced to {@code scheme://host:port/…}. */
  public static String urls(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = URL.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      boolean authority = m.group(3) != null;
      boolean hidden = m.group(2) != null || (m.group(4) != null && !m.group(4).equals("/"));
      if (!authority && m.group(4) == null) {
        // a word followed by a colon ("attempt 2:"), not a URL
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
        continue;
      }
      String kept =
          m.group(1)
              + ":"
              + (authority ? "//" + m.group(3) : "")
              + (hidden ? "/" + HIDDEN : m.group(4) == null ? "" : "/");
      m.appendReplacement(out, Matcher.quoteReplacement(kept + trailingPunctuation(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Closing brackets and full stops after a URL belong to the sentence around it. */
  private static String trailingPunctuation(String url) {
    int end = url.length();
    while (end > 0 && ")],.;".indexOf(url.charAt(end - 1)) >= 0) {
      end--;
    }
    return url.substring(end);
  }
}
