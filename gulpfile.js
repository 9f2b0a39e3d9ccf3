const { src, dest } = require('gulp');

/** tsc does not copy assets: node and credential icons go next to the compiled files. */
function copyIcons() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
