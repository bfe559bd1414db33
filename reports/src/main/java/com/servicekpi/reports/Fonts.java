package com.servicekpi.reports;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The CJK font of the reports. JFreeChart measures text with Java AWT and the PDF embeds the same
 * font, so Chinese agent and team names come out as real, searchable text. WenQuanYi Micro Hei
 * (Debian fonts-wqy-microhei, Apache-2.0) is looked for in the usual places unless a file is set.
 */
public final class Fonts {
  public static final List<String> CANDIDATES = List.of(
      "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
      "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
      "/usr/share/fonts/truetype/wqy-microhei/wqy-microhei.ttc");

  private Fonts() {}

  /** A usable font file and its AWT font, registered with the local graphics environment. */
  public record CjkFont(File file, Font awt) {
    public Font size(float points) {
      return awt.deriveFont(points);
    }

    public Font bold(float points) {
      return awt.deriveFont(Font.BOLD, points);
    }
  }

  public static CjkFont find(String configured) {
    List<String> tried = new ArrayList<>();
    List<String> paths = configured == null || configured.isBlank() ? CANDIDATES : List.of(configured);
    for (String p : paths) {
      File f = new File(p);
      tried.add(p);
      if (f.isFile()) {
        try {
          // A .ttc holds several faces: prefer the proportional one to a "Mono" one.
          Font[] faces = Font.createFonts(f);
          Font font = faces[0];
          for (Font face : faces) {
            GraphicsEnvironment.getLocalGraphicsEnvironment().registerFont(face);
            if (font.getFontName().contains("Mono") && !face.getFontName().contains("Mono")) {
              font = face;
            }
          }
          return new CjkFont(f, font);
        } catch (FontFormatException | IOException e) {
          throw new IllegalStateException("the font file " + p + " cannot be used: " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalStateException("no CJK font for the PDF reports: tried " + tried
        + ". Install one with bin/setup (Debian package fonts-wqy-microhei), or set report.font to a "
        + "TrueType (.ttf/.ttc) font file with Chinese glyphs.");
  }
}
