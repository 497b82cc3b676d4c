/**
 * The preview host bundle: the app's source plus Grafana's packages bundled in (Grafana would provide them as
 * externals). Built into preview/dist, separate from the plugin's dist/, so nothing of it reaches the plugin.
 */
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const root = path.resolve(__dirname, '..');

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
    new HtmlWebpackPlugin({ template: path.join(__dirname, 'index.html') }),
    new CopyWebpackPlugin({
      patterns: [
        { from: path.join(root, 'node_modules/@grafana/ui/dist/public/img/icons'), to: 'public/build/img/icons' },
        { from: path.join(root, 'src/img'), to: 'public/plugin/img' },
      ],
    }),
  ],
};
