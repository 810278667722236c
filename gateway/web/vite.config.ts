import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The gateway serves dist/ on the same origin as /api; in `npm run dev` Vite forwards /api to a running gateway.
const gateway = process.env.SMARKETING_GATEWAY_URL ?? "http://localhost:8080";

export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { "/api": { target: gateway, changeOrigin: true } },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
