import react from "@vitejs/plugin-react";
import { defineConfig, type UserConfig } from "vite";

/**
 * One console build: the Vite manifest tells Keycloak's AdminConsole / AccountConsole page
 * which entry script and styles to load, and React comes from the import map Keycloak's own
 * index.ftl declares (its common vendor resources), so the console and Keycloak's pages
 * share one React.
 */
export function consoleBuild(
  entry: string,
  themeType: "admin" | "account",
  alias: Record<string, string> = {},
): UserConfig {
  return defineConfig({
    base: "",
    resolve: { alias },
    plugins: [react()],
    build: {
      outDir: `../target/classes/theme/palisade/${themeType}/resources`,
      emptyOutDir: true,
      manifest: true,
      target: "esnext",
      modulePreload: false,
      cssCodeSplit: false,
      // Keycloak's console is one large chunk by design; the warning says nothing here.
      chunkSizeWarningLimit: 8000,
      rollupOptions: {
        input: entry,
        external: ["react", "react/jsx-runtime", "react-dom"],
      },
    },
  });
}
