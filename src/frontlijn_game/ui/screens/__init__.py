"""Full screens of the trainee app, one module each, imported when first shown."""
