/**
 * The preview host bundle: Grafana's shared packages (handed to the plugin through SystemJS), the stand-in panels
 * and data source, the shell and the runtime wiring. The app itself is not in it: the host loads the built
 * dist/module.js at run time. Built into preview/dist, separate from the plugin's dist/.
 * It writes modules.json, every module path in the bundle, so a test can check that none comes from src/.
 */
const path = require('path');
const fs = require('fs');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const root = path.resolve(__dirname, '..');
// Only the id, to list the app in the boot data as Grafana does; the rest of plugin.json is read at run time
// from the built dist/plugin.json.
const PLUGIN_ID = JSON.parse(fs.readFileSync(path.join(root, 'src/plugin.json'), 'utf8')).id;

/** Writes the repository-relative path of every module in the bundle to modules.json. */
class ModuleListPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('ModuleListPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'ModuleListPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT },
        () => {
          const files = new Set();
          for (const module of compilation.modules) {
            for (const inner of module.modules ?? [module]) {
              if (inner.resource) {
                files.add(path.relative(root, inner.resource.split('?')[0]));
              }
            }
          }
          const json = JSON.stringify([...files].sort(), null, 1);
          compilation.emitAsset('modules.json', new webpack.sources.RawSource(json));
        }
      );
    });
  }
}

module.exports = {
  mode: 'production',
  context: __dirname,
  entry: './src/index.tsx',
  output: { path: path.join(__dirname, 'dist'), filename: '[name].[contenthash].js', publicPath: '/', clean: true },
  devtool: false,
  optimization: { minimize: false, splitChunks: false },
  performance: { hints: false },
  resolve: {
    extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.json'],
    alias: {
      'grafana-runtime-plugin-page': path.join(
        root,
        'node_modules/@grafana/runtime/dist/esm/components/PluginPage.mjs'
      ),
    },
  },
  module: {
    rules: [
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
      // As Grafana's own build does: .mjs in node_modules get CommonJS interop, so `import X from 'cjs-package'`
      // (react-custom-scrollbars-2 in @grafana/ui's table) is the package's default export, not its exports object.
      { test: /\.mjs$/, include: /node_modules/, type: 'javascript/auto' },
      {
        test: /\.[tj]sx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              parser: { syntax: 'typescript', tsx: true },
              target: 'es2020',
              transform: { react: { runtime: 'classic' } },
            },
          },
        },
      },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      { test: /\.(png|jpe?g|gif|svg|woff2?|ttf|eot)$/, type: 'asset/resource' },
    ],
  },
  plugins: [
    new webpack.DefinePlugin({ __PLUGIN_ID__: JSON.stringify(PLUGIN_ID) }),
    new HtmlWebpackPlugin({ template: path.join(__dirname, 'index.html') }),
    new CopyWebpackPlugin({
      patterns: [
        { from: path.join(root, 'node_modules/@grafana/ui/dist/public/img/icons'), to: 'public/build/img/icons' },
      ],
    }),
    new ModuleListPlugin(),
  ],
};
