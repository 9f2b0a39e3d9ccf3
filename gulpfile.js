const { src, dest } = require('gulp');

/**
 * tsc does not copy assets: node and credential icons, and each node's codex file
 * (`<Node>.node.json`: categories, search aliases, documentation links), go next to the compiled files.
 */
function copyIcons() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
